package com.made.allocation.domain;

import com.made.allocation.domain.spi.AllocatedLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BatchTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);

    private static Batch batch(int batchQty) {
        return new Batch("batch-001", "SMALL-TABLE", batchQty, TODAY);
    }

    @Test
    void allocatingToABatchReducesTheAvailableQuantity() {
        Batch batch = batch(20);
        batch.allocate(new OrderLine("order-ref", "SMALL-TABLE", 2));
        assertThat(batch.availableQuantity()).isEqualTo(18);
    }

    @Test
    void canAllocateIfAvailableGreaterThanRequired() {
        assertThat(batch(20).canAllocate(new OrderLine("order-123", "SMALL-TABLE", 2))).isTrue();
    }

    @Test
    void cannotAllocateIfAvailableSmallerThanRequired() {
        assertThat(batch(2).canAllocate(new OrderLine("order-123", "SMALL-TABLE", 20))).isFalse();
    }

    @Test
    void canAllocateIfAvailableEqualToRequired() {
        assertThat(batch(2).canAllocate(new OrderLine("order-123", "SMALL-TABLE", 2))).isTrue();
    }

    @Test
    void cannotAllocateIfSkusDoNotMatch() {
        Batch batch = new Batch("batch-001", "UNCOMFORTABLE-CHAIR", 100, null);
        assertThat(batch.canAllocate(new OrderLine("order-123", "EXPENSIVE-TOASTER", 10))).isFalse();
    }

    @Test
    void allocationIsIdempotent() {
        Batch batch = batch(20);
        OrderLine line = new OrderLine("order-ref", "SMALL-TABLE", 2);
        batch.allocate(line);
        batch.allocate(line);
        assertThat(batch.availableQuantity()).isEqualTo(18);
        assertThat(batch.allocations()).containsExactly(line);
    }

    @Test
    void allocatingALineThatDoesNotFitDoesNothing() {
        Batch batch = batch(1);
        batch.allocate(new OrderLine("order-ref", "SMALL-TABLE", 2));
        assertThat(batch.allocations()).isEmpty();
        assertThat(batch.availableQuantity()).isEqualTo(1);
    }

    @Test
    void deallocateOneGivesBackTheNewestLine() {
        Batch batch = batch(20);
        OrderLine first = new OrderLine("o1", "SMALL-TABLE", 2);
        OrderLine second = new OrderLine("o2", "SMALL-TABLE", 3);
        batch.allocate(first);
        batch.allocate(second);

        assertThat(batch.deallocateOne()).isEqualTo(second);
        assertThat(batch.allocations()).containsExactly(first);
        assertThat(batch.allocatedQuantity()).isEqualTo(2);
        assertThat(batch.allocationOf("o2")).isEmpty();
        assertThat(batch.allocationOf("o1")).contains(first);
    }

    @Test
    void deallocateOneFromAnEmptyBatchFails() {
        assertThatThrownBy(() -> batch(20).deallocateOne()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void batchesAreEqualByReferenceOnly() {
        Batch a = new Batch("ref", "SKU-A", 10, null);
        Batch b = new Batch("ref", "SKU-B", 5, TODAY);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new Batch("other", "SKU-A", 10, null));
    }

    @Test
    void restoreKeepsTheAllocatedLinesInOrder() {
        OrderLine first = new OrderLine("o1", "SMALL-TABLE", 5);
        OrderLine second = new OrderLine("o2", "SMALL-TABLE", 7);
        AllocatedLines stored = new LinesInMemory();
        stored.add(first);
        stored.add(second);
        Batch batch = Batch.restore("b", "SMALL-TABLE", 10, null, stored);
        assertThat(batch.allocations()).containsExactly(first, second);
        assertThat(batch.availableQuantity()).isEqualTo(-2);
        assertThat(batch.deallocateOne()).isEqualTo(second);
    }

    @Test
    void aNegativeQuantityIsRejected() {
        assertThatThrownBy(() -> new Batch("b", "SKU", -1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
