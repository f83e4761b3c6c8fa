package com.made.allocation.service.failures;

/**
 * A unit of work could not commit because a product it changed was changed by someone else first. Nothing
 * of it was kept; running the handler again on fresh data resolves it, and the message bus does that.
 */
public class ConcurrencyConflict extends RuntimeException {

    public ConcurrencyConflict(String message) {
        super(message);
    }

    public ConcurrencyConflict(String message, Throwable cause) {
        super(message, cause);
    }
}
