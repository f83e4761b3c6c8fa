package com.made.allocation.entrypoints;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.HandlerRegistry;
import com.made.allocation.service.MessageBus;
import com.made.allocation.service.RetryPolicy;
import com.made.allocation.service.DeliveryPolicy;
import com.made.allocation.service.fakes.FakeUnitOfWorkFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real bus, which also records every message the API hands it, so a test can tell that a refused
 * request never reached it. It can be told to fail, as a broken handler or a lost race would.
 */
final class RecordingBus extends MessageBus {

    private final List<Event> handled = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;

    RecordingBus(FakeUnitOfWorkFactory unitsOfWork, HandlerRegistry handlers) {
        super(unitsOfWork, handlers, RetryPolicy.noRetries(), unitsOfWork.outbox(), DeliveryPolicy.DEFAULT);
    }

    @Override
    public List<Object> handle(Event message) {
        handled.add(message);
        Throwable toThrow = failure;
        if (toThrow instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (toThrow instanceof Error error) {
            throw error;
        }
        return super.handle(message);
    }

    /** From now on every message fails with {@code failure} (unchecked) instead of being handled. */
    void failWith(Throwable failure) {
        this.failure = failure;
    }

    /** The messages the API sent, oldest first. */
    List<Event> handled() {
        return List.copyOf(handled);
    }
}
