package com.made.allocation.entrypoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.domain.events.BatchCreated;
import com.made.allocation.domain.events.BatchQuantityChanged;

/**
 * Turns each route's JSON body into the message it asks the bus to handle. Fields are checked in the order
 * they are listed, so the first bad one is the one reported.
 */
final class Messages {

    private Messages() {
    }

    /** {@code {"ref", "sku", "qty" >= 1, "eta": "YYYY-MM-DD" | null | absent}} */
    static BatchCreated batchCreated(ObjectNode body) {
        BodyFields fields = new BodyFields(body);
        return new BatchCreated(fields.identifier("ref"), fields.identifier("sku"), fields.quantity("qty", 1),
                fields.optionalDate("eta"));
    }

    /** {@code {"orderid", "sku", "qty" >= 1}} */
    static AllocationRequired allocationRequired(ObjectNode body) {
        BodyFields fields = new BodyFields(body);
        return new AllocationRequired(fields.identifier("orderid"), fields.identifier("sku"),
                fields.quantity("qty", 1));
    }

    /** {@code {"ref", "qty" >= 0}}: zero is allowed, a batch can be written off entirely. */
    static BatchQuantityChanged batchQuantityChanged(ObjectNode body) {
        BodyFields fields = new BodyFields(body);
        return new BatchQuantityChanged(fields.identifier("ref"), fields.quantity("qty", 0));
    }
}
