package com.made.allocation.entrypoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.made.allocation.service.Command;
import com.made.allocation.service.Commands.Allocate;
import com.made.allocation.service.Commands.ChangeBatchQuantity;
import com.made.allocation.service.Commands.CreateBatch;

/**
 * Turns each route's JSON body into the command it asks the bus to handle. Fields are checked in the order
 * they are listed, so the first bad one is the one reported.
 */
final class Messages {

    private Messages() {
    }

    /** {@code {"ref", "sku", "qty" >= 1, "eta": "YYYY-MM-DD" | null | absent}} */
    static CreateBatch createBatch(ObjectNode body) {
        BodyFields fields = new BodyFields(body);
        return new CreateBatch(fields.identifier("ref"), fields.identifier("sku"), fields.quantity("qty", 1),
                fields.optionalDate("eta"));
    }

    /**
     * A command sent through the broker: a body of one of the routes, with its {@code type} added, which
     * is {@code add_batch}, {@code allocate} or {@code change_batch_quantity}.
     */
    static Command<?> command(ObjectNode body) {
        JsonNode type = body.get("type");
        if (type == null || !type.isTextual()) {
            throw new InvalidRequest("type is required: add_batch, allocate or change_batch_quantity");
        }
        return switch (type.textValue()) {
            case "add_batch" -> createBatch(body);
            case "allocate" -> allocate(body);
            case "change_batch_quantity" -> changeBatchQuantity(body);
            default -> throw new InvalidRequest("type must be add_batch, allocate or change_batch_quantity");
        };
    }

    /** {@code {"orderid", "sku", "qty" >= 1}} */
    static Allocate allocate(ObjectNode body) {
        BodyFields fields = new BodyFields(body);
        return new Allocate(fields.identifier("orderid"), fields.identifier("sku"), fields.quantity("qty", 1));
    }

    /** {@code {"ref", "qty" >= 0}}: zero is allowed, a batch can be written off entirely. */
    static ChangeBatchQuantity changeBatchQuantity(ObjectNode body) {
        BodyFields fields = new BodyFields(body);
        return new ChangeBatchQuantity(fields.identifier("ref"), fields.quantity("qty", 0));
    }
}
