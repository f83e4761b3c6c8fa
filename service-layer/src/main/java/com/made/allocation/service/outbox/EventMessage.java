package com.made.allocation.service.outbox;

import java.util.Objects;

/**
 * An event in the form other services receive it, fixed at the commit that caused it: the relay ships
 * these bytes as they were stored.
 *
 * @param type        the event's published type ({@code allocated})
 * @param routingKey  where the broker routes it ({@code allocated.RED-CHAIR})
 * @param orderingKey what its order is kept within (its SKU): events of one key go out in commit order
 * @param body        the message body; not copied, so not to be changed
 */
public record EventMessage(String type, String routingKey, String orderingKey, byte[] body) {

    public EventMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(orderingKey, "orderingKey");
        Objects.requireNonNull(body, "body");
    }
}
