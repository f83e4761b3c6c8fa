package com.made.allocation.service.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.ConcurrencyConflict;
import com.made.allocation.service.UnitOfWork;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The book's unit-of-work cases on the fake: the service-layer tests rely on it behaving as the database does. */
class FakeUnitOfWorkTest {

    private final FakeUnitOfWorkFactory uows = new FakeUnitOfWorkFactory();

    @BeforeEach
    void storeALamp() {
        try (UnitOfWork uow = uows.start()) {
            uow.products().add(new Product("LAMP", List.of(new Batch("b1", "LAMP", 100, null))));
            uow.commit();
        }
    }

    private int allocated() {
        return uows.product("LAMP").orElseThrow().batch("b1").orElseThrow().allocatedQuantity();
    }

    @Test
    void whatIsNotCommittedIsNotStored() {
        try (UnitOfWork uow = uows.start()) {
            uow.products().get("LAMP").orElseThrow().allocate(new OrderLine("o1", "LAMP", 10));
            uow.products().add(new Product("RUG", List.of()));
        }
        assertThat(allocated()).isZero();
        assertThat(uows.product("RUG")).isEmpty();
    }

    @Test
    void aCommittedChangeIsStoredAndSeenByTheNextUnitOfWork() {
        try (UnitOfWork uow = uows.start()) {
            uow.products().get("LAMP").orElseThrow().allocate(new OrderLine("o1", "LAMP", 10));
            uow.commit();
        }
        try (UnitOfWork uow = uows.start()) {
            assertThat(uow.products().getByBatchRef("b1").orElseThrow().batch("b1").orElseThrow().allocationOf("o1"))
                    .contains(new OrderLine("o1", "LAMP", 10));
        }
        assertThat(allocated()).isEqualTo(10);
    }

    @Test
    void ofTwoOverlappingChangesToOneProductOnlyTheFirstCommits() {
        try (UnitOfWork first = uows.start(); UnitOfWork second = uows.start()) {
            first.products().get("LAMP").orElseThrow().allocate(new OrderLine("o1", "LAMP", 10));
            second.products().get("LAMP").orElseThrow().allocate(new OrderLine("o2", "LAMP", 20));
            first.commit();
            assertThatThrownBy(second::commit).isInstanceOf(ConcurrencyConflict.class);
        }
        assertThat(allocated()).isEqualTo(10);
    }
}
