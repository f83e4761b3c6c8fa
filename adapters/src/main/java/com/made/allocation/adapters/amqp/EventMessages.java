package com.made.allocation.adapters.amqp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.made.allocation.domain.events.Event;
import com.made.allocation.service.outbox.EventFormat;
import com.made.allocation.service.outbox.EventMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published form of an event: a JSON object with its {@code type} (the event's name in snake case,
 * {@code Allocated} is {@code allocated}) and then its fields, as the message contract describes them,
 * routed by {@code <type>.<orderingKey>} ({@code allocated.RED-CHAIR}).
 */
public final class EventMessages implements EventFormat {

    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final Map<Class<?>, String> TYPES = new ConcurrentHashMap<>();

    /** {@code allocated}, {@code deallocated}: the type field, and the first word of the routing key. */
    private static String typeOf(Event event) {
        return TYPES.computeIfAbsent(event.getClass(),
                type -> type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT));
    }

    @Override
    public EventMessage format(Event event, String orderingKey) {
        String type = typeOf(event);
        return new EventMessage(type, type + "." + orderingKey, orderingKey, encode(event));
    }

    private byte[] encode(Event event) {
        ObjectNode message = json.createObjectNode().put("type", typeOf(event));
        message.setAll((ObjectNode) json.valueToTree(event));
        try {
            return json.writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot encode " + event, impossible);
        }
    }
}
