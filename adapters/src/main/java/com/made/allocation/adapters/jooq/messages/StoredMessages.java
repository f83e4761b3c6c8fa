package com.made.allocation.adapters.jooq.messages;

import com.made.allocation.adapters.jooq.sql.Database;
import java.time.Clock;
import java.time.Duration;

/**
 * The tables of messages, besides the products: deliveries to the handlers here, publications to other
 * services, the inbox of received message ids, and the operators' view of the first two. A unit of work
 * writes to the first three at its commit.
 */
public record StoredMessages(JooqDeliveries deliveries, JooqPublications publications, JooqInbox inbox,
                             JooqOutboxReport report) {

    /**
     * The tables on {@code database}.
     *
     * @param codec    the stored form of the messages to handlers here
     * @param instance this process's name for the publications it leases, its own among the instances
     * @param lease    how long a claimed or freshly stored message is left to the process that has it
     */
    public static StoredMessages on(Database database, MessageCodec codec, String instance, Duration lease,
                                    Clock clock) {
        MessageTable outbox = new MessageTable(database, MessageTable.DELIVERIES, clock);
        MessageTable published = new MessageTable(database, MessageTable.PUBLISHED, clock);
        return new StoredMessages(new JooqDeliveries(database, outbox, codec, lease, clock),
                new JooqPublications(database, published, instance, lease, clock), new JooqInbox(database, clock),
                new JooqOutboxReport(database, outbox, published));
    }
}
