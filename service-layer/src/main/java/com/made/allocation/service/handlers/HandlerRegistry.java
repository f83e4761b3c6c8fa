package com.made.allocation.service.handlers;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.commands.Command;
import com.made.allocation.service.unitofwork.EventRoutes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which handler answers each type of command, and which handlers follow each type of event, in order.
 * Event handlers have names because stored deliveries refer to them: a name must stay the same across
 * releases while deliveries may be pending. Events that other services learn of are published, by the
 * the event relay, after the handlers here.
 */
public final class HandlerRegistry implements EventRoutes {

    /** An event handler and the name deliveries know it by. */
    public record Named(String name, EventHandler<Event> handler) {
    }

    private final Map<Class<?>, CommandHandler<?, ?>> byCommandType = new LinkedHashMap<>();
    private final Map<Class<? extends Event>, List<Named>> byEventType = new LinkedHashMap<>();
    private final Map<Class<? extends Event>, Function<Event, String>> published = new LinkedHashMap<>();

    /**
     * Registers the handler of commands of exactly {@code type}.
     *
     * @throws IllegalArgumentException when the type already has its handler
     */
    public <C extends Command<R>, R> HandlerRegistry handle(Class<C> type, CommandHandler<C, R> handler) {
        if (byCommandType.putIfAbsent(type, handler) != null) {
            throw new IllegalArgumentException(type.getSimpleName() + " already has its handler");
        }
        return this;
    }

    /**
     * Registers {@code handler} as {@code name} for events of exactly {@code type}, after those already
     * registered.
     *
     * @throws IllegalArgumentException when the type already has a handler of that name
     */
    @SuppressWarnings("unchecked") // eventHandlers() only hands a Named of type E events of type E
    public <E extends Event> HandlerRegistry on(Class<E> type, String name, EventHandler<E> handler) {
        List<Named> handlers = byEventType.computeIfAbsent(type, key -> new ArrayList<>());
        if (handlers.stream().anyMatch(named -> named.name().equals(name))) {
            throw new IllegalArgumentException(type.getSimpleName() + " already has a handler named " + name);
        }
        handlers.add(new Named(name, (EventHandler<Event>) handler));
        return this;
    }

    /**
     * Publishes events of exactly {@code type} to other services, in the order they were committed among
     * the events of the same {@code orderingKey}.
     *
     * @throws IllegalArgumentException when the type is published already
     */
    @SuppressWarnings("unchecked") // orderingKeyOf() only applies it to events of type E
    public <E extends Event> HandlerRegistry publish(Class<E> type, Function<E, String> orderingKey) {
        if (published.putIfAbsent(type, (Function<Event, String>) orderingKey) != null) {
            throw new IllegalArgumentException(type.getSimpleName() + " is published already");
        }
        return this;
    }

    /** The names of the handlers that follow this event's type, in registration order. */
    @Override
    public List<String> handlerNamesFor(Event event) {
        return eventHandlers(event).stream().map(Named::name).toList();
    }

    /** What a published event's order is kept within; empty when the event is not published. */
    @Override
    public Optional<String> orderingKeyOf(Event event) {
        return Optional.ofNullable(published.get(event.getClass())).map(key -> key.apply(event));
    }

    /** The event types that have handlers or are published. */
    public List<Class<? extends Event>> eventTypes() {
        Set<Class<? extends Event>> types = new LinkedHashSet<>(byEventType.keySet());
        types.addAll(published.keySet());
        return List.copyOf(types);
    }

    /**
     * The handler of this command's type.
     *
     * @throws IllegalArgumentException when the type has none
     */
    @SuppressWarnings("unchecked") // handle() registered it for exactly this command type, answering R
    public <R> CommandHandler<Command<R>, R> commandHandler(Command<R> command) {
        CommandHandler<?, ?> handler = byCommandType.get(command.getClass());
        if (handler == null) {
            throw new IllegalArgumentException("no handler for " + command.getClass().getSimpleName());
        }
        return (CommandHandler<Command<R>, R>) handler;
    }

    List<Named> eventHandlers(Event event) {
        return byEventType.getOrDefault(event.getClass(), List.of());
    }

    public Optional<Named> eventHandler(Event event, String name) {
        return eventHandlers(event).stream().filter(named -> named.name().equals(name)).findFirst();
    }
}
