package com.made.allocation.adapters.jooq;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The tables a unit of work writes messages to at its commit, besides the products: deliveries to the
 * handlers here, publications to other services, and the inbox of received message ids.
 */
public record StoredMessages(JooqDeliveries deliveries, JooqPublications publications, JooqInbox inbox) {

    public StoredMessages {
        Objects.requireNonNull(deliveries, "deliveries");
        Objects.requireNonNull(publications, "publications");
        Objects.requireNonNull(inbox, "inbox");
    }

    /**
     * The three on {@code database}.
     *
     * @param codec the stored form of the messages to handlers here
     * @param lease how long a claimed or freshly stored message is left to the process that has it
     */
    public static StoredMessages on(Database database, MessageCodec codec, Duration lease, Clock clock) {
        return new StoredMessages(new JooqDeliveries(database, codec, lease, clock),
                new JooqPublications(database, lease, clock), new JooqInbox(database, clock));
    }
}
