package com.made.allocation.service.commands;

import java.util.Set;

/**
 * A command about one product, named by its SKU. Commands like it may share one transaction with others
 * queued at the same time (see the bus's group commit): the SKU tells in what order their products are locked.
 *
 * @param <R> what handling the command answers
 */
public interface ProductCommand<R> extends Command<R> {

    /** The SKU of the product the command is about. */
    String sku();

    /**
     * The orders whose stored lines of this SKU handling the command looks up: the bus has them read with
     * the product (a group's with its products), in the load's round trip, rather than each in one of its own.
     */
    default Set<String> ordersLookedUp() {
        return Set.of();
    }
}
