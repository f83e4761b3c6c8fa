package com.made.allocation.entrypoints.messages;

/** The JSON bodies the API answers with; Jackson writes each record as an object of its components. */
public final class ResponseBodies {

    private ResponseBodies() {
    }

    /** Every error: one human-readable sentence, never a stack trace or an internal name. */
    public record ErrorBody(String message) {
    }

    /** A batch was added (or was already there, identical). */
    public record BatchAdded(String ref) {
    }

    /** An order line was allocated to this batch. */
    public record Allocated(String batchref) {
    }

    /** One line of an order: the batch its SKU is allocated to. */
    public record AllocationLine(String sku, String batchref) {
    }

    /** A batch's purchased quantity is now {@code qty}. */
    public record QuantityChanged(String ref, int qty) {
    }

    /** Whether the service can do its work: {@code ok} or {@code unavailable}. */
    public record HealthStatus(String status) {
    }
}
