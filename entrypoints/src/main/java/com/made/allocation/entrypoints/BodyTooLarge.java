package com.made.allocation.entrypoints;

/** The request body is over the limit; answered with 413 before the rest of it is read. */
final class BodyTooLarge extends RuntimeException {

    BodyTooLarge(long limitBytes) {
        super("body must be at most " + limitBytes + " bytes", null, false, false);
    }
}
