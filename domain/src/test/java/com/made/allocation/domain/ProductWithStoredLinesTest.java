package com.made.allocation.domain;

import com.made.allocation.domain.spi.AllocatedLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.domain.events.BatchQuantityChanged;
import com.made.allocation.domain.events.Deallocated;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A product whose batches hold their lines in a collection of the caller's (as a repository's would be)
 * allocates and shrinks through the few questions of {@link AllocatedLines}, never reading every line.
 */
class ProductWithStoredLinesTest {

    /** Lines kept in memory, refusing to hand out all of them, and counting what was asked. */
    static final class GuardedLines implements AllocatedLines {
        private final LinesInMemory lines = new LinesInMemory();
        final List<String> asked = new ArrayList<>();

        GuardedLines with(OrderLine... stored) {
            List.of(stored).forEach(lines::add);
            return this;
        }

        @Override
        public int quantity() {
            return lines.quantity();
        }

        @Override
        public Optional<OrderLine> ofOrder(String orderid) {
            asked.add("ofOrder " + orderid);
            return lines.ofOrder(orderid);
        }

        @Override
        public Optional<OrderLine> newest() {
            asked.add("newest");
            return lines.newest();
        }

        @Override
        public List<OrderLine> all() {
            throw new AssertionError("a product must not read every line");
        }

        @Override
        public void add(OrderLine line) {
            asked.add("add " + line.orderid());
            lines.add(line);
        }

        @Override
        public void remove(OrderLine line) {
            asked.add("remove " + line.orderid());
            lines.remove(line);
        }
    }

    private final GuardedLines stockedLines = new GuardedLines()
            .with(new OrderLine("o1", "LAMP", 20), new OrderLine("o2", "LAMP", 20), new OrderLine("o3", "LAMP", 10));
    private final Product product = new Product("LAMP", List.of(
            Batch.restore("stocked", "LAMP", 60, null, stockedLines),
            Batch.restore("shipment", "LAMP", 100, java.time.LocalDate.of(2030, 1, 1), new GuardedLines())), 7);

    @Test
    void allocatingAsksForTheOrdersLineAndAddsIt() {
        assertThat(product.allocate(new OrderLine("o4", "LAMP", 10))).contains("stocked");

        assertThat(stockedLines.asked).containsOnly("ofOrder o4", "add o4").endsWith("add o4");
        assertThat(product.versionNumber()).isEqualTo(8);
    }

    @Test
    void aStoredLineOfTheOrderIsFoundWithoutReadingTheRest() {
        assertThat(product.allocate(new OrderLine("o2", "LAMP", 20))).contains("stocked");
        assertThat(product.versionNumber()).isEqualTo(7);
    }

    @Test
    void shrinkingGivesBackTheNewestLinesOneByOne() {
        product.changeBatchQuantity("stocked", 25);

        assertThat(product.pullEvents()).containsExactly(new BatchQuantityChanged("stocked", "LAMP", 25),
                new Deallocated("o3", "LAMP", 10, "stocked", 8), new AllocationRequired("o3", "LAMP", 10),
                new Deallocated("o2", "LAMP", 20, "stocked", 8), new AllocationRequired("o2", "LAMP", 20));
        assertThat(stockedLines.asked).containsExactly("newest", "remove o3", "newest", "remove o2");
        assertThat(product.batches().get(0).allocatedQuantity()).isEqualTo(20);
    }
}
