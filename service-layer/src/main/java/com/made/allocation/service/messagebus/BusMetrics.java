package com.made.allocation.service.messagebus;

import java.time.Duration;

/** What the bus reports of its work, for whoever watches the service. {@link #NONE} reports nowhere. */
public interface BusMetrics {

    /** Reports nothing. */
    BusMetrics NONE = new BusMetrics() {
    };

    /** A command or a follow-on message was handled ({@code succeeded}) or failed, retries included. */
    default void handled(String messageType, Duration took, boolean succeeded) {
    }

    /** A handler lost a race for a product and runs again. */
    default void conflictRetried(String messageType) {
    }

    /** A handler lost races for a product as often as allowed: its sender gets the conflict. */
    default void retriesExhausted(String messageType) {
    }

    /** A follow-on delivery was handled and marked done ({@code succeeded}), or failed and waits for a retry. */
    default void delivered(String handler, boolean succeeded) {
    }
}
