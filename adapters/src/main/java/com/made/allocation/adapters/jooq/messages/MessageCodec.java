package com.made.allocation.adapters.jooq.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.made.allocation.domain.events.Event;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns messages into JSON for the outbox and back. A message's type is stored by its simple class name,
 * so renaming a message class needs a migration of the pending rows.
 */
public final class MessageCodec {

    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, Class<? extends Event>> types = new HashMap<>();

    /** A codec for these message types (the handler registry's). */
    public MessageCodec(Collection<Class<? extends Event>> messageTypes) {
        for (Class<? extends Event> type : messageTypes) {
            Class<? extends Event> clash = types.put(type.getSimpleName(), type);
            if (clash != null && clash != type) {
                throw new IllegalArgumentException("two message types named " + type.getSimpleName());
            }
        }
    }

    String typeOf(Event message) {
        String type = message.getClass().getSimpleName();
        if (!types.containsKey(type)) {
            throw new IllegalArgumentException("unknown message type " + type);
        }
        return type;
    }

    String encode(Event message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot encode " + message, impossible);
        }
    }

    Event decode(String type, String payload) {
        Class<? extends Event> messageClass = types.get(type);
        if (messageClass == null) {
            throw new IllegalArgumentException("unknown message type " + type);
        }
        try {
            return json.readValue(payload, messageClass);
        } catch (JsonProcessingException corrupt) {
            throw new IllegalArgumentException("cannot decode " + type + ": " + corrupt.getOriginalMessage(), corrupt);
        }
    }
}
