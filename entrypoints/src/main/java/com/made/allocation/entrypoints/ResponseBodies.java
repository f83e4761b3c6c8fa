package com.made.allocation.entrypoints;

/** The JSON bodies the API answers with; Jackson writes each record as an object of its components. */
final class ResponseBodies {

    private ResponseBodies() {
    }

    /** Every error: one human-readable sentence, never a stack trace or an internal name. */
    record ErrorBody(String message) {
    }

    /** A batch was added (or was already there, identical). */
    record BatchAdded(String ref) {
    }

    /** An order line was allocated to this batch. */
    record Allocated(String batchref) {
    }

    /** One line of an order: the batch its SKU is allocated to. */
    record AllocationLine(String sku, String batchref) {
    }

    /** A batch's purchased quantity is now {@code qty}. */
    record QuantityChanged(String ref, int qty) {
    }

    /** Whether the service can do its work: {@code ok} or {@code unavailable}. */
    record HealthStatus(String status) {
    }
}
