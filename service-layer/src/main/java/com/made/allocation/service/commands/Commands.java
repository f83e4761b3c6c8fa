package com.made.allocation.service.commands;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The commands of the allocation service, each a record of what the sender asks for. */
public final class Commands {

    private Commands() {
    }

    /**
     * Add a batch of stock to its product (creating the product on its first batch).
     *
     * @param ref unique reference of the batch
     * @param sku the SKU it holds
     * @param qty purchased quantity
     * @param eta expected arrival, or {@code null} for stock already in the warehouse
     */
    public record CreateBatch(String ref, String sku, int qty, LocalDate eta) implements ProductCommand<Void> {
        public CreateBatch {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(sku, "sku");
        }
    }

    /** Allocate an order line; answers the reference of its batch, or empty when out of stock. */
    public record Allocate(String orderid, String sku, int qty) implements ProductCommand<Optional<String>> {
        public Allocate {
            Objects.requireNonNull(orderid, "orderid");
            Objects.requireNonNull(sku, "sku");
        }

        /** Its own order's: allocating asks whether the order's line is allocated already. */
        @Override
        public Set<String> ordersLookedUp() {
            return Set.of(orderid);
        }
    }

    /** Set a batch's purchased quantity; lines that no longer fit are allocated again elsewhere. */
    public record ChangeBatchQuantity(String ref, int qty) implements BatchCommand<Void> {
        public ChangeBatchQuantity {
            Objects.requireNonNull(ref, "ref");
        }
    }
}
