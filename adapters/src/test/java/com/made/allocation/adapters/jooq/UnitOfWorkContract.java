package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.failures.ConcurrencyConflict;
import com.made.allocation.service.unitofwork.UnitOfWork;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The book's unit-of-work tests (chapter 9) as a contract: what is committed is there for the next unit of
 * work, what is not is gone, and of two units of work that changed one product only the first commits. Run
 * against the fake the service-layer tests use and against jOOQ on real databases; each test reads back
 * through a new unit of work, as the next request would.
 */
abstract class UnitOfWorkContract {

    protected abstract UnitOfWorkFactory unitsOfWork();

    private void stored(String sku, Batch... batches) {
        try (UnitOfWork uow = unitsOfWork().start()) {
            uow.products().add(new Product(sku, List.of(batches)));
            uow.commit();
        }
    }

    private Optional<Product> product(String sku) {
        try (UnitOfWork uow = unitsOfWork().start()) {
            return uow.products().get(sku);
        }
    }

    private Optional<String> batchOf(String orderid, String sku) {
        return product(sku).orElseThrow().batches().stream()
                .filter(batch -> batch.allocationOf(orderid).isPresent()).map(Batch::reference).findFirst();
    }

    private int version(String sku) {
        return product(sku).orElseThrow().versionNumber();
    }

    @Test
    void canRetrieveABatchAndAllocateToIt() {
        stored("HIPSTER-WORKBENCH", new Batch("batch1", "HIPSTER-WORKBENCH", 100, null));
        int before = version("HIPSTER-WORKBENCH");

        try (UnitOfWork uow = unitsOfWork().start()) {
            Product product = uow.products().get("HIPSTER-WORKBENCH").orElseThrow();
            product.allocate(new OrderLine("o1", "HIPSTER-WORKBENCH", 10));
            uow.commit();
        }

        assertThat(batchOf("o1", "HIPSTER-WORKBENCH")).contains("batch1");
        assertThat(version("HIPSTER-WORKBENCH")).isEqualTo(before + 1);
    }

    @Test
    void rollsBackUncommittedWorkByDefault() {
        stored("MEDIUM-PLINTH", new Batch("batch1", "MEDIUM-PLINTH", 100, null));
        int before = version("MEDIUM-PLINTH");

        try (UnitOfWork uow = unitsOfWork().start()) {
            uow.products().get("MEDIUM-PLINTH").orElseThrow().allocate(new OrderLine("o1", "MEDIUM-PLINTH", 10));
            uow.products().add(new Product("NEW-SKU", List.of(new Batch("b9", "NEW-SKU", 5, null))));
        }

        assertThat(batchOf("o1", "MEDIUM-PLINTH")).isEmpty();
        assertThat(version("MEDIUM-PLINTH")).isEqualTo(before);
        assertThat(product("NEW-SKU")).isEmpty();
    }

    @Test
    void rollsBackOnError() {
        stored("LARGE-FORK", new Batch("batch1", "LARGE-FORK", 100, null));
        class MyException extends RuntimeException {
        }

        assertThatThrownBy(() -> {
            try (UnitOfWork uow = unitsOfWork().start()) {
                uow.products().get("LARGE-FORK").orElseThrow().allocate(new OrderLine("o1", "LARGE-FORK", 10));
                throw new MyException();
            }
        }).isInstanceOf(MyException.class);

        assertThat(batchOf("o1", "LARGE-FORK")).isEmpty();
    }

    @Test
    void ofTwoUnitsOfWorkThatChangedOneProductOnlyTheFirstCommits() {
        stored("GENERIC-SOFA", new Batch("batch1", "GENERIC-SOFA", 100, null));
        int before = version("GENERIC-SOFA");

        try (UnitOfWork first = unitsOfWork().start(); UnitOfWork second = unitsOfWork().start()) {
            first.products().get("GENERIC-SOFA").orElseThrow().allocate(new OrderLine("order1", "GENERIC-SOFA", 10));
            second.products().get("GENERIC-SOFA").orElseThrow().allocate(new OrderLine("order2", "GENERIC-SOFA", 10));
            first.commit();
            assertThatThrownBy(second::commit).isInstanceOf(ConcurrencyConflict.class);
        }

        assertThat(batchOf("order1", "GENERIC-SOFA")).contains("batch1");
        assertThat(batchOf("order2", "GENERIC-SOFA")).isEmpty();
        assertThat(version("GENERIC-SOFA")).isEqualTo(before + 1);
    }

    @Test
    void aQuantityChangeWritesTheBatchAndTheDeallocations() {
        stored("RUG", new Batch("batch1", "RUG", 50, null));
        try (UnitOfWork uow = unitsOfWork().start()) {
            Product product = uow.products().get("RUG").orElseThrow();
            product.allocate(new OrderLine("o1", "RUG", 20));
            product.allocate(new OrderLine("o2", "RUG", 20));
            uow.commit();
        }
        try (UnitOfWork uow = unitsOfWork().start()) {
            uow.products().getByBatchRef("batch1").orElseThrow().changeBatchQuantity("batch1", 25);
            uow.commit();
        }

        Product stored = product("RUG").orElseThrow();
        assertThat(stored.batch("batch1").orElseThrow().purchasedQuantity()).isEqualTo(25);
        assertThat(batchOf("o1", "RUG")).contains("batch1");
        assertThat(batchOf("o2", "RUG")).isEmpty();
    }

    @Test
    void aNewProductThatRacesAnotherIsAConflict() {
        try (UnitOfWork first = unitsOfWork().start(); UnitOfWork second = unitsOfWork().start()) {
            first.products().add(new Product("TWIN", List.of(new Batch("t1", "TWIN", 1, null))));
            second.products().add(new Product("TWIN", List.of(new Batch("t2", "TWIN", 1, null))));
            first.commit();
            assertThatThrownBy(second::commit).isInstanceOf(ConcurrencyConflict.class);
        }
        assertThat(product("TWIN").orElseThrow().batches()).extracting(Batch::reference).containsExactly("t1");
    }
}
