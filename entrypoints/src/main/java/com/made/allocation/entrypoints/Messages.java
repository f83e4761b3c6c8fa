package com.made.allocation.entrypoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
