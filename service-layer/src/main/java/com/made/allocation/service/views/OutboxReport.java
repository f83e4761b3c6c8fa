package com.made.allocation.service.views;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operators' view of the stored messages: what is pending or dead, and re-driving a dead one. */
public interface OutboxReport {

    /** The deliveries to handlers and the publications, each listing at most {@code deadLimit} dead entries. */
    Report report(int deadLimit);

    /** Makes a dead delivery pending again, due now, with its attempts reset; false when it is not dead. */
    boolean redriveDelivery(long id);

    /** Makes a dead publication pending again, due now, with its attempts reset; false when it is not dead. */
    boolean redrivePublication(long id);

    /** The two kinds of stored messages. */
    record Report(Section deliveries, Section publications) {
    }

    /** Counts by status, the age of the oldest pending entry, and the dead entries. */
    record Section(Map<String, Long> countsByStatus, Optional<Duration> oldestPendingAge, List<DeadEntry> dead) {
    }

    /**
     * A parked entry and why it failed.
     *
     * @param destination the handler a delivery is for, or the routing key of a publication
     */
    record DeadEntry(long id, String messageType, String message, String destination, int attempts,
                     String lastError, Instant failedAt) {
    }
}
