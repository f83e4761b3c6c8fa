package com.made.allocation.service.fakes;

import com.made.allocation.domain.Product;
import com.made.allocation.domain.events.Event;
import com.made.allocation.service.outbox.AlreadyReceived;
import com.made.allocation.service.outbox.Delivery.Envelope;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.outbox.StoredPublication;
import com.made.allocation.service.unitofwork.AbstractUnitOfWork;
import com.made.allocation.service.unitofwork.ProductRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A unit of work over a map, a {@link FakeOutbox} and {@link FakePublications}; it remembers whether it
 * committed. Its products reach the map at commit ({@link FakeProductRepository}); uncommitted changes die with it.
 */
public final class FakeUnitOfWork extends AbstractUnitOfWork {

    private final FakeProductRepository products;
    private final FakeOutbox outbox;
    private final FakePublications publications;
    private boolean committed;

    public FakeUnitOfWork(Map<String, Product> store, FakeOutbox outbox, FakePublications publications) {
        this.products = new FakeProductRepository(store);
        this.outbox = outbox;
        this.publications = publications;
    }

    @Override
    public ProductRepository products() {
        return products;
    }

    @Override
    protected Stored doCommit(List<Event> events, List<Envelope> deliveries,
                              List<EventMessage> published, Optional<Delivery> done,
                              List<String> received) {
        // All checks first, as one transaction would: a conflict or a second delivery keeps nothing.
        products.checkVersions();
        for (String messageId : received) {
            if (outbox.wasReceived(messageId) || received.indexOf(messageId) != received.lastIndexOf(messageId)) {
                throw new AlreadyReceived(messageId);
            }
        }
        done.ifPresent(outbox::markDone);
        received.forEach(outbox::receive);
        products.store();
        List<StoredPublication> stored = publications.store(published);
        committed = true;
        return new Stored(outbox.store(deliveries), stored);
    }

    @Override
    public void rollback() {
        // nothing to undo: the fake keeps no transaction
    }

    @Override
    public void close() {
        // nothing to release
    }

    public boolean committed() {
        return committed;
    }
}
