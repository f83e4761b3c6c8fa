package com.made.allocation.domain.events;

/**
 * Something that happened, or is asked to happen, in the allocation domain. Events are immutable records;
 * the service layer's message bus hands each to the handlers registered for its type.
 */
public interface Event {
}
