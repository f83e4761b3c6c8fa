package com.made.allocation.service.unitofwork;

import com.made.allocation.domain.events.Event;
import java.util.List;
import java.util.Optional;

/**
 * Where the events a commit stores go: to the handlers here that follow each (one delivery each), and, for
 * an event other services learn of, out under its ordering key (one publication).
 */
public interface EventRoutes {

    /** The names of the handlers that follow {@code event}, in order; none if no handler does. */
    List<String> handlerNamesFor(Event event);

    /** The ordering key under which {@code event} is published, or empty when it is not published. */
    Optional<String> orderingKeyOf(Event event);
}
