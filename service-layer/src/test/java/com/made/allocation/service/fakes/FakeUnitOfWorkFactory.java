package com.made.allocation.service.fakes;

import com.made.allocation.domain.Product;
import com.made.allocation.service.handlers.HandlerRegistry;
import com.made.allocation.service.messagebus.OutboxMessageBus.Retries;
import com.made.allocation.service.messagebus.OutboxMessageBus;
import com.made.allocation.service.outbox.RetryPolicy;
import com.made.allocation.service.unitofwork.BatchSkus;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starts {@link FakeUnitOfWork}s over one in-memory store, and keeps them for the test to inspect. */
public final class FakeUnitOfWorkFactory implements UnitOfWorkFactory {

    private final Map<String, Product> store = new LinkedHashMap<>();
    private final FakeOutbox outbox = new FakeOutbox(Duration.ofSeconds(30), Clock.systemUTC());
    private final FakePublications publications = new FakePublications(Duration.ofSeconds(30), Clock.systemUTC());
    private final List<FakeUnitOfWork> started = new ArrayList<>();

    @Override
    public synchronized FakeUnitOfWork start() {
        FakeUnitOfWork uow = new FakeUnitOfWork(store, outbox, publications);
        started.add(uow);
        return uow;
    }

    /** The SKUs of the stored batches, read as the bus reads them to choose a lane: outside any unit of work. */
    public BatchSkus batchSkus() {
        return reference -> {
            synchronized (store) {
                return store.values().stream().filter(product -> product.batch(reference).isPresent())
                        .map(Product::sku).findFirst();
            }
        };
    }

    /** The stored product of this SKU, as a test sees it. */
    public Optional<Product> product(String sku) {
        return Optional.ofNullable(store.get(sku));
    }

    /** The outbox the units of work store their deliveries in. */
    public FakeOutbox outbox() {
        return outbox;
    }

    /** The operators' view of the outbox and the publications. */
    public FakeOutboxReport report() {
        return new FakeOutboxReport(outbox, publications, Clock.systemUTC());
    }

    /** The publications the units of work store. */
    public FakePublications publications() {
        return publications;
    }

    /** A bus over these fakes with the given handlers, without conflict retries. */
    public OutboxMessageBus bus(HandlerRegistry handlers) {
        return new OutboxMessageBus(this, handlers, outbox, outbox, new TextEventFormat(),
                Retries.DEFAULT.withConflicts(RetryPolicy.noRetries()), Clock.systemUTC());
    }

    /** Every unit of work started so far, oldest first. */
    public synchronized List<FakeUnitOfWork> started() {
        return List.copyOf(started);
    }

    /** True when the most recent unit of work committed. */
    public synchronized boolean lastCommitted() {
        return !started.isEmpty() && started.get(started.size() - 1).committed();
    }
}
