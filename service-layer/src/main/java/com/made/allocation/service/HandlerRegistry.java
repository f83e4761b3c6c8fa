package com.made.allocation.service;

import com.made.allocation.domain.events.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which handlers run, in which order, for each type of message. Handlers have names because stored
 * deliveries refer to them: a name must stay the same across releases while deliveries may be pending.
 */
public final class HandlerRegistry {

    /** A handler and the name deliveries know it by. */
    record Named(String name, Handler<Event> handler) {
    }

    private final Map<Class<? extends Event>, List<Named>> byType = new LinkedHashMap<>();

    /**
     * Registers {@code handler} as {@code name} for messages of exactly {@code type}, after those already
     * registered.
     *
     * @throws IllegalArgumentException when the type already has a handler of that name
     */
    @SuppressWarnings("unchecked") // handlersFor() only hands a Named of type M messages of type M
    public <M extends Event> HandlerRegistry on(Class<M> type, String name, Handler<M> handler) {
        List<Named> handlers = byType.computeIfAbsent(type, key -> new ArrayList<>());
        if (handlers.stream().anyMatch(named -> named.name().equals(name))) {
            throw new IllegalArgumentException(type.getSimpleName() + " already has a handler named " + name);
        }
        handlers.add(new Named(name, (Handler<Event>) handler));
        return this;
    }

    /** The names of the handlers for this message's type, in registration order. */
    public List<String> handlerNamesFor(Event message) {
        return handlersFor(message).stream().map(Named::name).toList();
    }

    /** The message types that have handlers. */
    public List<Class<? extends Event>> messageTypes() {
        return List.copyOf(byType.keySet());
    }

    List<Named> handlersFor(Event message) {
        return byType.getOrDefault(message.getClass(), List.of());
    }

    Optional<Named> handler(Event message, String name) {
        return handlersFor(message).stream().filter(named -> named.name().equals(name)).findFirst();
    }
}
