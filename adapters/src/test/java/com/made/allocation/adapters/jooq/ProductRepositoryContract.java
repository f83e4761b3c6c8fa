package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.ConflictingOrderLine;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.service.UnitOfWork;
import com.made.allocation.service.UnitOfWorkFactory;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@code ProductRepository} must do; run against the fake and against jOOQ on real databases. */
abstract class ProductRepositoryContract {

    protected abstract UnitOfWorkFactory unitsOfWork();

    private void store(Product product) {
        try (UnitOfWork uow = unitsOfWork().start()) {
            uow.products().add(product);
            uow.commit();
        }
    }

    @Test
    void getByBatchRefFindsTheRightProductAmongTwo() {
        store(new Product("sku1", List.of(new Batch("b1", "sku1", 100, null), new Batch("b2", "sku1", 100, null))));
        store(new Product("sku2", List.of(new Batch("b3", "sku2", 100, null))));

        try (UnitOfWork uow = unitsOfWork().start()) {
            assertThat(uow.products().getByBatchRef("b3")).get().extracting(Product::sku).isEqualTo("sku2");
            assertThat(uow.products().getByBatchRef("b2")).get().extracting(Product::sku).isEqualTo("sku1");
            assertThat(uow.products().getByBatchRef("nope")).isEmpty();
        }
    }

    @Test
    void aStoredProductComesBackWithItsBatchesAndAllocations() {
        LocalDate eta = LocalDate.of(2011, 1, 2);
        Product product = new Product("LAMP", List.of(new Batch("b1", "LAMP", 100, null), new Batch("b2", "LAMP", 100, eta)));
        product.allocate(new OrderLine("o1", "LAMP", 10));
        product.allocate(new OrderLine("o2", "LAMP", 95));
        store(product);

        try (UnitOfWork uow = unitsOfWork().start()) {
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

        try (UnitOfWork uow = unitsOfWork().start()) {
            Product loaded = uow.products().getByBatchRef("b1").orElseThrow();
            loaded.changeBatchQuantity("b1", 25);
            assertThat(loaded.pullEvents()).extracting(event -> ((AllocationRequired) event).orderid())
                    .containsExactly("o5", "o4", "o3");
            uow.commit();
        }
        try (UnitOfWork uow = unitsOfWork().start()) {
            Product reloaded = uow.products().get("RUG").orElseThrow();
            assertThat(reloaded.batch("b1").orElseThrow().allocatedQuantity()).isEqualTo(20);
            assertThat(reloaded.allocate(new OrderLine("o2", "RUG", 10))).contains("b1");
            assertThat(reloaded.allocate(new OrderLine("o5", "RUG", 5))).contains("b1"); // o5 left: a new line
        }
    }

    @Test
    void anUnknownSkuIsEmpty() {
        try (UnitOfWork uow = unitsOfWork().start()) {
            assertThat(uow.products().get("NOTHING")).isEmpty();
        }
    }

    @Test
    void productsAddedOrFoundAreSeen() {
        store(new Product("sku1", List.of(new Batch("b1", "sku1", 1, null))));
        store(new Product("sku2", List.of(new Batch("b2", "sku2", 1, null))));

        try (UnitOfWork uow = unitsOfWork().start()) {
            Product fresh = new Product("sku3", List.of());
            uow.products().add(fresh);
            Product found = uow.products().get("sku1").orElseThrow();
            Product byRef = uow.products().getByBatchRef("b2").orElseThrow();
            uow.products().get("missing");

            assertThat(uow.products().seen()).containsExactly(fresh, found, byRef);
        }
    }
}
