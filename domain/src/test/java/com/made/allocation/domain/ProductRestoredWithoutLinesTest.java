package com.made.allocation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.StoredAllocations.Placed;
import com.made.allocation.domain.events.AllocationRequired;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A product restored with allocated quantities only looks up the few stored lines it needs. */
class ProductRestoredWithoutLinesTest {

    /** Stored lines of one batch, oldest first; records what it was asked. */
    static final class Storage implements StoredAllocations {
        final String batch;
        final List<OrderLine> lines;
        final List<String> asked = new ArrayList<>();

        Storage(String batch, List<OrderLine> lines) {
            this.batch = batch;
            this.lines = lines;
        }

        @Override
        public Optional<Placed> lineOfOrder(String orderid) {
            asked.add("order " + orderid);
            return lines.stream().filter(line -> line.orderid().equals(orderid)).findFirst()
                    .map(line -> new Placed(batch, line));
        }

        @Override
        public List<OrderLine> newestLines(String batchReference, int skip, int quantity) {
            asked.add("newest " + batchReference + " skip " + skip + " qty " + quantity);
            List<OrderLine> newestFirst = new ArrayList<>();
            int sum = 0;
            for (int i = lines.size() - 1 - skip; i >= 0 && sum < quantity; i--) {
                newestFirst.add(lines.get(i));
                sum += lines.get(i).qty();
            }
            return newestFirst;
        }
    }

    private static List<OrderLine> fiveLinesOfTen() {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            lines.add(new OrderLine("o" + i, "LAMP", 10));
        }
        return lines;
    }

    private final Storage storage = new Storage("b1", fiveLinesOfTen());
    private final Batch stocked = Batch.restoreWithoutLines("b1", "LAMP", 60, null, 50);
    private final Batch shipment = Batch.restoreWithoutLines("b2", "LAMP", 100, java.time.LocalDate.of(2030, 1, 1), 0);
    private final Product product = Product.restore("LAMP", List.of(stocked, shipment), 9, storage);

    @Test
    void allocatesByTheStoredAllocatedQuantity() {
        assertThat(product.allocate(new OrderLine("new", "LAMP", 10))).contains("b1");
        assertThat(product.allocate(new OrderLine("newer", "LAMP", 1))).contains("b2");
        assertThat(stocked.availableQuantity()).isZero();
        assertThat(stocked.allocatedSinceAccepted()).containsExactly(new OrderLine("new", "LAMP", 10));
        assertThat(product.versionNumber()).isEqualTo(11);
    }

    @Test
    void aStoredLineIsFoundByItsOrderForIdempotenceAndConflicts() {
        assertThat(product.allocate(new OrderLine("o2", "LAMP", 10))).contains("b1");
        assertThat(product.versionNumber()).isEqualTo(9);
        assertThat(stocked.allocatedQuantity()).isEqualTo(50);

        assertThatThrownBy(() -> product.allocate(new OrderLine("o2", "LAMP", 3)))
                .isInstanceOf(ConflictingOrderLine.class);
        assertThat(storage.asked).containsExactly("order o2", "order o2");
    }

    @Test
    void shrinkingLoadsOnlyTheNewestLinesItNeeds() {
        product.changeBatchQuantity("b1", 25);

        assertThat(storage.asked).containsExactly("newest b1 skip 0 qty 25");
        assertThat(product.pullEvents()).containsExactly(
                new AllocationRequired("o5", "LAMP", 10),
                new AllocationRequired("o4", "LAMP", 10),
                new AllocationRequired("o3", "LAMP", 10));
        assertThat(stocked.allocatedQuantity()).isEqualTo(20);
        assertThat(stocked.deallocatedSinceAccepted()).extracting(OrderLine::orderid).containsExactly("o5", "o4", "o3");
    }

    @Test
    void linesAllocatedInMemoryGoFirstWhenShrinking() {
        product.allocate(new OrderLine("fresh", "LAMP", 5));

        product.changeBatchQuantity("b1", 45); // 55 allocated: the fresh line and one stored line must go

        assertThat(storage.asked).contains("newest b1 skip 0 qty 5");
        assertThat(product.pullEvents()).containsExactly(
                new AllocationRequired("fresh", "LAMP", 5),
                new AllocationRequired("o5", "LAMP", 10));
        assertThat(stocked.allocatedSinceAccepted()).isEmpty();
        assertThat(stocked.deallocatedSinceAccepted()).containsExactly(new OrderLine("o5", "LAMP", 10));
    }

    @Test
    void aStoredLineDeallocatedHereCanBeAllocatedAgain() {
        product.changeBatchQuantity("b1", 40);

        assertThat(product.allocate(new OrderLine("o5", "LAMP", 10))).contains("b2");
    }

    @Test
    void theFullListOfLinesIsRefusedWhileSomeAreNotLoaded() {
        assertThatThrownBy(stocked::allocations).isInstanceOf(IllegalStateException.class);
        assertThat(shipment.allocations()).isEmpty();
    }

    @Test
    void acceptingChangesForgetsThem() {
        product.allocate(new OrderLine("new", "LAMP", 10));
        product.acceptChanges();
        assertThat(stocked.allocatedSinceAccepted()).isEmpty();
    }
}
