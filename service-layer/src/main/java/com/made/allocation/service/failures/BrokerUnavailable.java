package com.made.allocation.service.failures;

/** The message broker cannot be reached: what was to be published waits, uncounted, until it is back. */
public class BrokerUnavailable extends RuntimeException {

    public BrokerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
