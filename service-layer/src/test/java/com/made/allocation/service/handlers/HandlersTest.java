package com.made.allocation.service.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.domain.events.BatchQuantityChanged;
import com.made.allocation.domain.events.Deallocated;
import com.made.allocation.service.commands.Command;
import com.made.allocation.service.commands.Commands.ChangeBatchQuantity;
import com.made.allocation.service.commands.Commands.CreateBatch;
import com.made.allocation.service.commands.Commands;
import com.made.allocation.service.failures.DuplicateBatchRef;
import com.made.allocation.service.failures.InvalidBatchRef;
import com.made.allocation.service.failures.InvalidSku;
import com.made.allocation.service.fakes.FakeMessageBus;
import com.made.allocation.service.fakes.FakeNotifications.Sent;
import com.made.allocation.service.fakes.FakeNotifications;
import com.made.allocation.service.fakes.FakeUnitOfWorkFactory;
import com.made.allocation.service.messagebus.MessageBus;
import com.made.allocation.service.unitofwork.UnitOfWork;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The book's handler tests (chapter 9), spoken in commands through a bus on fakes. */
class HandlersTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);

    private final FakeUnitOfWorkFactory uows = new FakeUnitOfWorkFactory();
    private final FakeNotifications notifications = new FakeNotifications();
    private final MessageBus bus = uows.bus(Handlers.registry(notifications));

    private Batch batch(String sku, String ref) {
        return uows.product(sku).flatMap(product -> product.batch(ref)).orElseThrow();
    }

    @Nested
    class AddingABatch {

        @Test
        void forNewProduct() {
            bus.handle(new CreateBatch("b1", "CRUNCHY-ARMCHAIR", 100, null));

            assertThat(uows.product("CRUNCHY-ARMCHAIR")).isPresent();
            assertThat(uows.lastCommitted()).isTrue();
        }

        @Test
        void forExistingProduct() {
            bus.handle(new CreateBatch("b1", "GARISH-RUG", 100, null));
            bus.handle(new CreateBatch("b2", "GARISH-RUG", 99, null));

            assertThat(uows.product("GARISH-RUG").orElseThrow().batches())
                    .extracting(Batch::reference).containsExactly("b1", "b2");
        }

        @Test
        void sendingTheSameBatchAgainChangesNothing() {
            bus.handle(new CreateBatch("b1", "GARISH-RUG", 100, TODAY));
            int version = uows.product("GARISH-RUG").orElseThrow().versionNumber();

            bus.handle(new CreateBatch("b1", "GARISH-RUG", 100, TODAY));
            assertThat(uows.product("GARISH-RUG").orElseThrow().versionNumber()).isEqualTo(version);
            assertThat(uows.lastCommitted()).isFalse();
        }

        @Test
        void aDifferentBatchWithATakenReferenceIsRefused() {
            bus.handle(new CreateBatch("b1", "GARISH-RUG", 100, null));

            assertThatThrownBy(() -> bus.handle(new CreateBatch("b1", "OTHER-RUG", 100, null)))
                    .isInstanceOf(DuplicateBatchRef.class);
            assertThatThrownBy(() -> bus.handle(new CreateBatch("b1", "GARISH-RUG", 5, null)))
                    .isInstanceOf(DuplicateBatchRef.class);
            assertThat(uows.product("OTHER-RUG")).isEmpty();
        }
    }

    @Nested
    class Allocating {

        @Test
        void returnsAllocation() {
            bus.handle(new CreateBatch("batch1", "COMPLICATED-LAMP", 100, null));

            Optional<String> batchref = bus.handle(new Commands.Allocate("o1", "COMPLICATED-LAMP", 10));

            assertThat(batchref).contains("batch1");
        }

        @Test
        void errorsForInvalidSku() {
            bus.handle(new CreateBatch("b1", "AREALSKU", 100, null));

            assertThatThrownBy(() -> bus.handle(new Commands.Allocate("o1", "NONEXISTENTSKU", 10)))
                    .isInstanceOf(InvalidSku.class)
                    .hasMessage("Invalid sku NONEXISTENTSKU");
            assertThat(uows.lastCommitted()).isFalse();
        }

        @Test
        void commits() {
            bus.handle(new CreateBatch("b1", "OMINOUS-MIRROR", 100, null));
            bus.handle(new Commands.Allocate("o1", "OMINOUS-MIRROR", 10));

            assertThat(uows.lastCommitted()).isTrue();
        }

        @Test
        void sendsEmailOnOutOfStockError() {
            bus.handle(new CreateBatch("b1", "POPULAR-CURTAINS", 9, null));

            Optional<String> batchref = bus.handle(new Commands.Allocate("o1", "POPULAR-CURTAINS", 10));

            assertThat(batchref).isEmpty();
            assertThat(notifications.sent())
                    .containsExactly(new Sent("stock@made.com", "Out of stock for POPULAR-CURTAINS"));
        }

        @Test
        void eachOutOfStockIsNotifiedOnce() {
            bus.handle(new CreateBatch("b1", "POPULAR-CURTAINS", 9, null));

            bus.handle(new Commands.Allocate("o1", "POPULAR-CURTAINS", 10));
            bus.handle(new Commands.Allocate("o2", "POPULAR-CURTAINS", 10));

            Sent outOfStock = new Sent("stock@made.com", "Out of stock for POPULAR-CURTAINS");
            assertThat(notifications.sent()).containsExactly(outOfStock, outOfStock);
        }
    }

    @Nested
    class ChangingABatchQuantity {

        @Test
        void changesAvailableQuantity() {
            bus.handle(new CreateBatch("batch1", "ADORABLE-SETTEE", 100, null));
            assertThat(batch("ADORABLE-SETTEE", "batch1").availableQuantity()).isEqualTo(100);

            bus.handle(new ChangeBatchQuantity("batch1", 50));

            assertThat(batch("ADORABLE-SETTEE", "batch1").availableQuantity()).isEqualTo(50);
        }

        @Test
        void reallocatesIfNecessary() {
            List.<Command<?>>of(new CreateBatch("batch1", "INDIFFERENT-TABLE", 50, null),
                            new CreateBatch("batch2", "INDIFFERENT-TABLE", 50, TODAY),
                            new Commands.Allocate("order1", "INDIFFERENT-TABLE", 20),
                            new Commands.Allocate("order2", "INDIFFERENT-TABLE", 20))
                    .forEach(bus::handle);
            assertThat(batch("INDIFFERENT-TABLE", "batch1").availableQuantity()).isEqualTo(10);
            assertThat(batch("INDIFFERENT-TABLE", "batch2").availableQuantity()).isEqualTo(50);

            bus.handle(new ChangeBatchQuantity("batch1", 25));

            // order1 or order2 is deallocated, so 25 - 20 are left, and the other 20 go to batch2
            assertThat(batch("INDIFFERENT-TABLE", "batch1").availableQuantity()).isEqualTo(5);
            assertThat(batch("INDIFFERENT-TABLE", "batch2").availableQuantity()).isEqualTo(30);
        }

        @Test
        void reallocatesIfNecessaryIsolated() {
            Product product = new Product("INDIFFERENT-TABLE", List.of(
                    new Batch("batch1", "INDIFFERENT-TABLE", 50, null),
                    new Batch("batch2", "INDIFFERENT-TABLE", 50, TODAY)));
            product.allocate(new OrderLine("order1", "INDIFFERENT-TABLE", 20));
            product.allocate(new OrderLine("order2", "INDIFFERENT-TABLE", 20));
            product.pullEvents(); // the two Allocated: only what the command causes is of interest
            try (UnitOfWork uow = uows.start()) {
                uow.products().add(product);
                uow.commit();
            }
            FakeMessageBus fakeBus = new FakeMessageBus(uows, Handlers.registry(notifications));

            fakeBus.handle(new ChangeBatchQuantity("batch1", 25));

            assertThat(fakeBus.published()).hasSize(3);
            assertThat(fakeBus.published().get(0)).isEqualTo(new BatchQuantityChanged("batch1", "INDIFFERENT-TABLE", 25));
            assertThat(fakeBus.published().get(1)).isInstanceOfSatisfying(Deallocated.class,
                    event -> assertThat(event.batchref()).isEqualTo("batch1"));
            assertThat(fakeBus.published().get(2)).isInstanceOfSatisfying(AllocationRequired.class, event -> {
                assertThat(event.orderid()).isIn("order1", "order2");
                assertThat(event.sku()).isEqualTo("INDIFFERENT-TABLE");
                assertThat(event.qty()).isEqualTo(20);
            });
            assertThat(batch("INDIFFERENT-TABLE", "batch2").availableQuantity()).isEqualTo(50);
        }

        @Test
        void toZeroReallocatesEveryLineOrReportsItOutOfStock() {
            List.<Command<?>>of(new CreateBatch("batch1", "TALL-CHAIR", 30, null),
                            new CreateBatch("batch2", "TALL-CHAIR", 15, TODAY),
                            new Commands.Allocate("o1", "TALL-CHAIR", 10),
                            new Commands.Allocate("o2", "TALL-CHAIR", 10),
                            new Commands.Allocate("o3", "TALL-CHAIR", 10))
                    .forEach(bus::handle);

            bus.handle(new ChangeBatchQuantity("batch1", 0));

            assertThat(batch("TALL-CHAIR", "batch1").allocations()).isEmpty();
            assertThat(batch("TALL-CHAIR", "batch2").allocatedQuantity()).isEqualTo(10);
            assertThat(notifications.sent())
                    .containsExactly(new Sent("stock@made.com", "Out of stock for TALL-CHAIR"),
                            new Sent("stock@made.com", "Out of stock for TALL-CHAIR"));
        }

        @Test
        void errorsForUnknownBatch() {
            assertThatThrownBy(() -> bus.handle(new ChangeBatchQuantity("nope", 3)))
                    .isInstanceOf(InvalidBatchRef.class)
                    .hasMessage("Invalid batch ref nope");
        }
    }
}
