package com.made.allocation.service.publishing;

import com.made.allocation.service.failures.BrokerUnavailable;
import java.util.List;
import java.util.Map;

/** The way out to other services: a message broker that confirms what it took. */
public interface EventPublisher {

    /**
     * Publishes these events in their order and waits until the broker confirmed or refused each.
     *
     * @param events stored publications; their ids become the message ids
     * @return the ids the broker refused (a message it could not route, or did not take), with the reason;
     *         every other event was confirmed
     * @throws BrokerUnavailable when the broker cannot be reached or did not answer in time: any of the
     *                           events may or may not have been published
     */
    Map<Long, String> publish(List<Publication> events);
}
