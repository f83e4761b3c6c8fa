package com.made.allocation.service.fakes;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.HandlerRegistry;
import com.made.allocation.service.MessageBus;
import com.made.allocation.service.RetryPolicy;
import com.made.allocation.service.Delivery;
import com.made.allocation.service.DeliveryPolicy;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A bus that runs the handlers of the message it is given, but records the events they cause instead of
 * handling them, so that one handler can be tested in isolation.
 */
public final class FakeMessageBus extends MessageBus {

    private final List<Event> published = new ArrayList<>();

    public FakeMessageBus(FakeUnitOfWorkFactory unitsOfWork, HandlerRegistry handlers) {
        super(unitsOfWork, handlers, RetryPolicy.noRetries(), unitsOfWork.outbox(), DeliveryPolicy.DEFAULT);
    }

    @Override
    protected void publish(Delivery delivery, Deque<Delivery> queue) {
        published.add(delivery.message());
    }

    /** The events the handled message caused, in order. */
    public List<Event> published() {
        return List.copyOf(published);
    }
}
