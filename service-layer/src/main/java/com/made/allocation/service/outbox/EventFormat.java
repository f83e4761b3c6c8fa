package com.made.allocation.service.outbox;

import com.made.allocation.domain.events.Event;

/** The published form of events: what other services receive. */
public interface EventFormat {

    /** The message that publishes {@code event}, whose order is kept among the events of {@code orderingKey}. */
    EventMessage format(Event event, String orderingKey);
}
