package com.made.allocation.service;

import com.made.allocation.domain.events.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which handlers run, in which order, for each type of message. */
public final class HandlerRegistry {

    private final Map<Class<? extends Event>, List<Handler<? extends Event>>> byType = new LinkedHashMap<>();

    /** Registers {@code handler} for messages of exactly {@code type}, after those already registered. */
    public <M extends Event> HandlerRegistry on(Class<M> type, Handler<M> handler) {
        byType.computeIfAbsent(type, key -> new ArrayList<>()).add(handler);
        return this;
    }

    /** The handlers for this message's type, in registration order; empty when none is registered. */
    @SuppressWarnings("unchecked") // on() only files a Handler<M> under M's own class
    List<Handler<Event>> handlersFor(Event message) {
        return (List<Handler<Event>>) (List<?>) byType.getOrDefault(message.getClass(), List.of());
    }
}
