package com.made.allocation.service.failures;

/**
 * The storage could not be reached, or the connection to it was lost in the middle of the work. Nothing of
 * the unit of work was kept, unless the connection died during its commit, whose outcome is then unknown:
 * the handlers are idempotent, so the sender may simply try again later.
 */
public class StorageUnavailable extends RuntimeException {

    public StorageUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
