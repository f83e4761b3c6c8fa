package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.ConflictingOrderLine;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.service.unitofwork.OutboxUnitOfWork;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@code ProductRepository} must do; run against the fake and against jOOQ on real databases. */
abstract class ProductRepositoryContract {

    protected abstract UnitOfWorkFactory unitsOfWork();

    private void store(Product product) {
        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            uow.products().add(product);
            uow.commit();
        }
    }

    @Test
    void getByBatchRefFindsTheRightProductAmongTwo() {
        store(new Product("sku1", List.of(new Batch("b1", "sku1", 100, null), new Batch("b2", "sku1", 100, null))));
        store(new Product("sku2", List.of(new Batch("b3", "sku2", 100, null))));

        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            assertThat(uow.products().getByBatchRef("b3")).get().extracting(Product::sku).isEqualTo("sku2");
            assertThat(uow.products().getByBatchRef("b2")).get().extracting(Product::sku).isEqualTo("sku1");
            assertThat(uow.products().getByBatchRef("nope")).isEmpty();
        }
    }

    @Test
    void getAllLoadsTheProductsThatExistInTheOrderAskedAndTracksThem() {
        store(new Product("sku1", List.of(new Batch("b1", "sku1", 100, null))));
        store(new Product("sku2", List.of(new Batch("b2", "sku2", 100, null))));

        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            List<Product> loaded = uow.products().getAll(List.of("sku1", "nope", "sku2"), Map.of());
            assertThat(loaded).extracting(Product::sku).containsExactly("sku1", "sku2");
            assertThat(uow.products().get("sku2")).get().isSameAs(loaded.get(1));
            assertThat(uow.products().seen()).containsExactlyElementsOf(loaded);
        }
    }

    @Test
    void theLinesOfOrdersLookedUpWithTheProductsAnswerAsTheyWouldWhenAsked() {
        Product lamp = new Product("LAMP", List.of(new Batch("b1", "LAMP", 10, null), new Batch("b2", "LAMP", 100, null)));
        lamp.allocate(new OrderLine("o1", "LAMP", 10));
        lamp.allocate(new OrderLine("o2", "LAMP", 5));
        store(lamp);
        store(new Product("RUG", List.of(new Batch("r1", "RUG", 10, null))));

        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            List<Product> loaded = uow.products().getAll(List.of("LAMP", "RUG"),
                    Map.of("LAMP", Set.of("o1", "o2", "o3"), "RUG", Set.of("o1")));
            Product read = loaded.get(0);
            assertThat(read.allocate(new OrderLine("o2", "LAMP", 5))).as("stored in the second batch").contains("b2");
            assertThatThrownBy(() -> read.allocate(new OrderLine("o1", "LAMP", 3)))
                    .isInstanceOf(ConflictingOrderLine.class);
            assertThat(read.allocate(new OrderLine("o3", "LAMP", 1))).as("none stored: allocated now").contains("b2");
            assertThat(loaded.get(1).allocate(new OrderLine("o1", "RUG", 2))).as("o1 of LAMP is not RUG's")
                    .contains("r1");
            read.changeBatchQuantity("b1", 0);
            assertThat(read.batch("b1").orElseThrow().allocatedQuantity()).as("o1 deallocated").isZero();
            uow.commit();
        }
        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product read = uow.products().getAll(List.of("LAMP"), Map.of("LAMP", Set.of("o1", "o3"))).get(0);
            assertThat(read.allocate(new OrderLine("o3", "LAMP", 1))).as("committed by the first").contains("b2");
            assertThat(read.allocate(new OrderLine("o1", "LAMP", 3))).as("deallocated by the first").contains("b2");
        }
    }

    @Test
    void aStoredProductComesBackWithItsBatchesAndAllocations() {
        LocalDate eta = LocalDate.of(2011, 1, 2);
        Product product = new Product("LAMP", List.of(new Batch("b1", "LAMP", 100, null), new Batch("b2", "LAMP", 100, eta)));
        product.allocate(new OrderLine("o1", "LAMP", 10));
        product.allocate(new OrderLine("o2", "LAMP", 95));
        store(product);

        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product loaded = uow.products().get("LAMP").orElseThrow();
            assertThat(loaded.batches()).extracting(Batch::reference).containsExactly("b1", "b2");
            assertThat(loaded.batch("b1").orElseThrow().allocatedQuantity()).isEqualTo(10);
            assertThat(loaded.batch("b2").orElseThrow().eta()).contains(eta);
            assertThat(loaded.batch("b2").orElseThrow().availableQuantity()).isEqualTo(5);
            assertThat(loaded.versionNumber()).isEqualTo(product.versionNumber());
            // the stored lines are there: the same line again is found, another quantity is a conflict
            assertThat(loaded.allocate(new OrderLine("o2", "LAMP", 95))).contains("b2");
            assertThatThrownBy(() -> loaded.allocate(new OrderLine("o1", "LAMP", 11)))
                    .isInstanceOf(ConflictingOrderLine.class);
        }
    }

    @Test
    void shrinkingAStoredBatchDeallocatesItsNewestLines() {
        Product product = new Product("RUG", List.of(new Batch("b1", "RUG", 50, null)));
        for (int i = 1; i <= 5; i++) {
            product.allocate(new OrderLine("o" + i, "RUG", 10));
        }
        store(product);

        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product loaded = uow.products().getByBatchRef("b1").orElseThrow();
            loaded.changeBatchQuantity("b1", 25);
            uow.commit();
            assertThat(deallocated(uow)).containsExactly("o5", "o4", "o3");
        }
        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product reloaded = uow.products().get("RUG").orElseThrow();
            assertThat(reloaded.batch("b1").orElseThrow().allocatedQuantity()).isEqualTo(20);
            assertThat(reloaded.allocate(new OrderLine("o2", "RUG", 10))).contains("b1");
            assertThat(reloaded.allocate(new OrderLine("o5", "RUG", 5))).contains("b1"); // o5 left: a new line
        }
    }

    private void storeRugWithFiveLines() {
        Product product = new Product("RUG", List.of(new Batch("b1", "RUG", 60, null), new Batch("b2", "RUG", 50, null)));
        for (int i = 1; i <= 5; i++) {
            product.allocate(new OrderLine("o" + i, "RUG", 10));
        }
        store(product);
    }

    /**
     * The order lines the products asked to allocate again, in order, as the unit of work's last commit
     * stored them (the events are what it writes the changes from: pulled before, they would be lost).
     */
    private static List<String> deallocated(OutboxUnitOfWork uow) {
        return uow.collectNewEvents().stream().filter(AllocationRequired.class::isInstance)
                .map(event -> ((AllocationRequired) event).orderid()).toList();
    }

    /** Whether the stored product holds exactly this line (the same line again is found where it is). */
    private Optional<String> batchOfStored(String sku, OrderLine line) {
        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product product = uow.products().get(sku).orElseThrow();
            return product.batches().stream().filter(batch -> batch.allocationOf(line.orderid())
                    .filter(line::equals).isPresent()).map(Batch::reference).findFirst();
        }
    }

    @Test
    void aSecondShrinkAfterACommitInTheSameUnitOfWorkGivesBackTheNextNewestLine() {
        storeRugWithFiveLines();

        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product rug = uow.products().get("RUG").orElseThrow();
            rug.changeBatchQuantity("b1", 40);
            uow.commit();
            assertThat(deallocated(uow)).containsExactly("o5");
            rug.changeBatchQuantity("b1", 30);
            uow.commit();
            assertThat(deallocated(uow)).containsExactly("o4");
        }
        for (int i = 1; i <= 3; i++) {
            assertThat(batchOfStored("RUG", new OrderLine("o" + i, "RUG", 10))).contains("b1");
        }
        assertThat(batchOfStored("RUG", new OrderLine("o4", "RUG", 10))).isEmpty();
        assertThat(batchOfStored("RUG", new OrderLine("o5", "RUG", 10))).isEmpty();
    }

    @Test
    void shrinkingABatchOfManyLinesGivesThemBackNewestFirst() {
        int lines = 250;
        Product product = new Product("PEG", List.of(new Batch("b1", "PEG", lines, null)));
        for (int i = 1; i <= lines; i++) {
            product.allocate(new OrderLine("o" + i, "PEG", 1));
        }
        store(product);

        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product peg = uow.products().get("PEG").orElseThrow();
            peg.changeBatchQuantity("b1", 10);
            List<String> expected = new ArrayList<>();
            for (int i = lines; i > 10; i--) {
                expected.add("o" + i);
            }
            uow.commit();
            assertThat(deallocated(uow)).containsExactlyElementsOf(expected);
        }
        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Batch batch = uow.products().get("PEG").orElseThrow().batch("b1").orElseThrow();
            assertThat(batch.allocatedQuantity()).isEqualTo(10);
            assertThat(batch.allocations()).extracting(OrderLine::orderid)
                    .containsExactly("o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9", "o10");
        }
    }

    @Test
    void shrinkingSeveralBatchesInOneUnitOfWorkGivesBackTheNewestLinesOfEach() {
        Product product = new Product("MUG", List.of(new Batch("w", "MUG", 30, null),
                new Batch("s", "MUG", 30, LocalDate.of(2030, 1, 1))));
        for (int i = 1; i <= 6; i++) {
            product.allocate(new OrderLine("o" + i, "MUG", 10)); // o1..o3 in w, o4..o6 in s
        }
        store(product);

        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product mug = uow.products().get("MUG").orElseThrow();
            mug.changeBatchQuantity("s", 10);
            mug.changeBatchQuantity("w", 20);
            uow.commit();
            assertThat(deallocated(uow)).containsExactly("o6", "o5", "o3");
        }
        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product mug = uow.products().get("MUG").orElseThrow();
            assertThat(mug.batch("w").orElseThrow().allocations()).extracting(OrderLine::orderid)
                    .containsExactly("o1", "o2");
            assertThat(mug.batch("s").orElseThrow().allocations()).extracting(OrderLine::orderid)
                    .containsExactly("o4");
        }
    }

    @Test
    void aLineAllocatedInThisUnitOfWorkIsTheFirstToGoWhenItsBatchShrinks() {
        storeRugWithFiveLines();

        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product rug = uow.products().get("RUG").orElseThrow();
            assertThat(rug.allocate(new OrderLine("new", "RUG", 5))).contains("b1");
            rug.changeBatchQuantity("b1", 40);
            uow.commit();
            assertThat(deallocated(uow)).containsExactly("new", "o5");
        }
        assertThat(batchOfStored("RUG", new OrderLine("new", "RUG", 5))).isEmpty();
        assertThat(batchOfStored("RUG", new OrderLine("o5", "RUG", 10))).isEmpty();
        assertThat(batchOfStored("RUG", new OrderLine("o4", "RUG", 10))).contains("b1");
    }

    @Test
    void aLineDeallocatedAndAllocatedAgainInOneUnitOfWorkIsStoredOnceAsTheNewest() {
        storeRugWithFiveLines();

        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product rug = uow.products().get("RUG").orElseThrow();
            rug.changeBatchQuantity("b1", 30);
            rug.changeBatchQuantity("b1", 60);
            assertThat(rug.allocate(new OrderLine("o4", "RUG", 10))).contains("b1");
            uow.commit();
            assertThat(deallocated(uow)).containsExactly("o5", "o4");
        }
        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Batch batch = uow.products().get("RUG").orElseThrow().batch("b1").orElseThrow();
            assertThat(batch.allocatedQuantity()).isEqualTo(40);
            assertThat(batch.allocations()).extracting(OrderLine::orderid).containsExactly("o1", "o2", "o3", "o4");
        }
    }

    @Test
    void anUnknownSkuIsEmpty() {
        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            assertThat(uow.products().get("NOTHING")).isEmpty();
        }
    }

    @Test
    void productsAddedOrFoundAreSeen() {
        store(new Product("sku1", List.of(new Batch("b1", "sku1", 1, null))));
        store(new Product("sku2", List.of(new Batch("b2", "sku2", 1, null))));

        try (OutboxUnitOfWork uow = unitsOfWork().start()) {
            Product fresh = new Product("sku3", List.of());
            uow.products().add(fresh);
            Product found = uow.products().get("sku1").orElseThrow();
            Product byRef = uow.products().getByBatchRef("b2").orElseThrow();
            uow.products().get("missing");

            assertThat(uow.products().seen()).containsExactly(fresh, found, byRef);
        }
    }
}
