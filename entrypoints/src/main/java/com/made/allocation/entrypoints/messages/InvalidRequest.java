package com.made.allocation.entrypoints.messages;

import com.made.allocation.service.failures.Refusal;

/**
 * The request cannot become a message: its body or path is not what the route accepts. Answered with
 * 400 and {@link #getMessage()}, which names the field and never echoes the offending value.
 */
public final class InvalidRequest extends RuntimeException implements Refusal {

    public InvalidRequest(String message) {
        super(message, null, false, false); // an expected answer, not a fault: no stack trace to fill
    }
}
