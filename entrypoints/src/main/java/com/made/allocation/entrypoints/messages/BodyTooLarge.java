package com.made.allocation.entrypoints.messages;

import com.made.allocation.service.failures.Refusal;

/** The request body is over the limit; answered with 413 before the rest of it is read. */
public final class BodyTooLarge extends RuntimeException implements Refusal {

    BodyTooLarge(long limitBytes) {
        super("body must be at most " + limitBytes + " bytes", null, false, false);
    }
}
