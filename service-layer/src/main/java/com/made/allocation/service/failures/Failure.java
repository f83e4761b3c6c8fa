package com.made.allocation.service.failures;

import com.made.allocation.domain.ConflictingOrderLine;

/**
 * What a command that failed means for whoever sent it, the same over HTTP and through the broker:
 * <ul>
 *   <li>{@link #REFUSED}: the command's own fault; its sender is told why (a 4xx, or a dead letter with the
 *       reason), and nothing is retried;</li>
 *   <li>{@link #RETRY_LATER}: nothing is wrong with it, the service cannot handle it now (the database is
 *       away, the product kept changing under the bus's retries, or too many commands wait for the
 *       database): a 503 with {@code Retry-After}, or back to its queue after a pause;</li>
 *   <li>{@link #BROKEN}: a fault of the service: a 500, or a dead letter; logged once, at ERROR.</li>
 * </ul>
 */
public enum Failure {
    REFUSED, RETRY_LATER, BROKEN;

    /** The kind of {@code failure}. */
    public static Failure of(Throwable failure) {
        if (failure instanceof Refusal || failure instanceof ConflictingOrderLine) {
            return REFUSED;
        }
        if (failure instanceof StorageUnavailable || failure instanceof ConcurrencyConflict
                || failure instanceof BusOverloaded) {
            return RETRY_LATER;
        }
        return BROKEN;
    }
}
