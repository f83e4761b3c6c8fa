package com.made.allocation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.events.Allocated;
import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.domain.events.BatchQuantityChanged;
import com.made.allocation.domain.events.Deallocated;
import com.made.allocation.domain.events.OutOfStock;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);
    private static final LocalDate TOMORROW = TODAY.plusDays(1);
    private static final LocalDate LATER = TODAY.plusDays(10);

    @Test
    void prefersWarehouseBatchesToShipments() {
        Batch inStock = new Batch("in-stock-batch", "RETRO-CLOCK", 100, null);
        Batch shipment = new Batch("shipment-batch", "RETRO-CLOCK", 100, TOMORROW);
        Product product = new Product("RETRO-CLOCK", List.of(shipment, inStock));

        product.allocate(new OrderLine("oref", "RETRO-CLOCK", 10));

        assertThat(inStock.availableQuantity()).isEqualTo(90);
        assertThat(shipment.availableQuantity()).isEqualTo(100);
    }

    @Test
    void prefersEarlierBatches() {
        Batch earliest = new Batch("speedy-batch", "MINIMALIST-SPOON", 100, TODAY);
        Batch medium = new Batch("normal-batch", "MINIMALIST-SPOON", 100, TOMORROW);
        Batch latest = new Batch("slow-batch", "MINIMALIST-SPOON", 100, LATER);
        Product product = new Product("MINIMALIST-SPOON", List.of(medium, earliest, latest));

        product.allocate(new OrderLine("order1", "MINIMALIST-SPOON", 10));

        assertThat(earliest.availableQuantity()).isEqualTo(90);
        assertThat(medium.availableQuantity()).isEqualTo(100);
        assertThat(latest.availableQuantity()).isEqualTo(100);
    }

    @Test
    void returnsAllocatedBatchRef() {
        Batch inStock = new Batch("in-stock-batch-ref", "HIGHBROW-POSTER", 100, null);
        Batch shipment = new Batch("shipment-batch-ref", "HIGHBROW-POSTER", 100, TOMORROW);
        Product product = new Product("HIGHBROW-POSTER", List.of(inStock, shipment));

        assertThat(product.allocate(new OrderLine("oref", "HIGHBROW-POSTER", 10))).contains("in-stock-batch-ref");
    }

    @Test
    void recordsOutOfStockEventIfCannotAllocate() {
        Batch batch = new Batch("batch1", "SMALL-FORK", 10, TODAY);
        Product product = new Product("SMALL-FORK", List.of(batch));
        product.allocate(new OrderLine("order1", "SMALL-FORK", 10));

        assertThat(product.allocate(new OrderLine("order2", "SMALL-FORK", 1))).isEmpty();
        assertThat(product.pullEvents()).containsExactly(
                new Allocated("order1", "SMALL-FORK", 10, "batch1", 1), new OutOfStock("SMALL-FORK"));
    }

    @Test
    void recordsEachAllocationWithTheVersionItMade() {
        Product product = new Product("LAMP", List.of(new Batch("w", "LAMP", 10, null)), 4);

        product.allocate(new OrderLine("o1", "LAMP", 3));
        product.allocate(new OrderLine("o1", "LAMP", 3)); // the same line again: nothing happens

        assertThat(product.pullEvents()).containsExactly(new Allocated("o1", "LAMP", 3, "w", 5));
    }

    @Test
    void incrementsVersionNumber() {
        Product product = new Product("SCANDI-PEN", List.of(new Batch("b1", "SCANDI-PEN", 100, null)), 7);
        product.allocate(new OrderLine("oref", "SCANDI-PEN", 10));
        assertThat(product.versionNumber()).isEqualTo(8);
    }

    @Test
    void batchesWithEqualEtasKeepTheOrderTheyWereAddedIn() {
        Batch first = new Batch("first", "LAMP", 10, TOMORROW);
        Batch second = new Batch("second", "LAMP", 10, TOMORROW);
        Batch firstInWarehouse = new Batch("w-first", "LAMP", 1, null);
        Batch secondInWarehouse = new Batch("w-second", "LAMP", 1, null);
        Product product = new Product("LAMP", List.of(first, second, firstInWarehouse, secondInWarehouse));

        assertThat(product.allocate(new OrderLine("o1", "LAMP", 1))).contains("w-first");
        assertThat(product.allocate(new OrderLine("o2", "LAMP", 1))).contains("w-second");
        assertThat(product.allocate(new OrderLine("o3", "LAMP", 1))).contains("first");
        assertThat(product.allocate(new OrderLine("o4", "LAMP", 10))).contains("second");
    }

    @Test
    void changingAQuantityToZeroDeallocatesEveryLine() {
        Batch batch = new Batch("b1", "RUG", 50, null);
        Product product = new Product("RUG", List.of(batch));
        product.allocate(new OrderLine("o1", "RUG", 10));
        product.allocate(new OrderLine("o2", "RUG", 20));
        product.allocate(new OrderLine("o3", "RUG", 5));

        product.pullEvents();

        product.changeBatchQuantity("b1", 0);

        assertThat(batch.allocations()).isEmpty();
        assertThat(batch.availableQuantity()).isZero();
        assertThat(product.pullEvents()).containsExactly(new BatchQuantityChanged("b1", "RUG", 0),
                new Deallocated("o3", "RUG", 5, "b1", 4), new AllocationRequired("o3", "RUG", 5),
                new Deallocated("o2", "RUG", 20, "b1", 4), new AllocationRequired("o2", "RUG", 20),
                new Deallocated("o1", "RUG", 10, "b1", 4), new AllocationRequired("o1", "RUG", 10));
    }

    @Test
    void shrinkingABatchDeallocatesOnlyWhatNoLongerFits() {
        Batch batch = new Batch("b1", "RUG", 50, null);
        Product product = new Product("RUG", List.of(batch));
        product.allocate(new OrderLine("o1", "RUG", 20));
        product.allocate(new OrderLine("o2", "RUG", 20));

        product.pullEvents();

        product.changeBatchQuantity("b1", 25);

        assertThat(batch.allocations()).containsExactly(new OrderLine("o1", "RUG", 20));
        assertThat(product.pullEvents()).containsExactly(new BatchQuantityChanged("b1", "RUG", 25),
                new Deallocated("o2", "RUG", 20, "b1", 3), new AllocationRequired("o2", "RUG", 20));
    }

    @Test
    void everyChangeIncrementsTheVersion() {
        Product product = new Product("DESK", List.of());
        product.addBatch(new Batch("b1", "DESK", 10, null));
        assertThat(product.versionNumber()).isEqualTo(1);
        product.changeBatchQuantity("b1", 20);
        assertThat(product.versionNumber()).isEqualTo(2);
        product.allocate(new OrderLine("o1", "DESK", 1));
        assertThat(product.versionNumber()).isEqualTo(3);
    }

    @Test
    void reallocatingTheSameLineReturnsItsBatchAndChangesNothing() {
        Product product = new Product("DESK", List.of(new Batch("b1", "DESK", 10, null)), 3);
        OrderLine line = new OrderLine("o1", "DESK", 4);
        product.allocate(line);

        assertThat(product.allocate(line)).contains("b1");
        assertThat(product.versionNumber()).isEqualTo(4);
        assertThat(product.batches().get(0).availableQuantity()).isEqualTo(6);
    }

    @Test
    void theSameOrderAndSkuWithAnotherQuantityIsAConflict() {
        Product product = new Product("DESK", List.of(new Batch("b1", "DESK", 10, null)));
        product.allocate(new OrderLine("o1", "DESK", 4));

        assertThatThrownBy(() -> product.allocate(new OrderLine("o1", "DESK", 5)))
                .isInstanceOf(ConflictingOrderLine.class)
                .hasMessage("Order o1 already has 4 of sku DESK allocated");
        assertThat(product.batches().get(0).availableQuantity()).isEqualTo(6);
    }

    @Test
    void eventsArePulledOnce() {
        Product product = new Product("FORK", List.of());
        product.allocate(new OrderLine("o1", "FORK", 1));

        assertThat(product.pullEvents()).containsExactly(new OutOfStock("FORK"));
        assertThat(product.pullEvents()).isEmpty();
    }

    @Test
    void aBatchOfAnotherSkuOrADuplicateReferenceIsRejected() {
        Product product = new Product("DESK", List.of(new Batch("b1", "DESK", 10, null)));
        assertThatThrownBy(() -> product.addBatch(new Batch("b2", "CHAIR", 1, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> product.addBatch(new Batch("b1", "DESK", 1, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(product.versionNumber()).isZero();
    }
}
