package com.made.allocation.adapters.jooq;

import com.made.allocation.adapters.jooq.messages.MessageCodec;
import com.made.allocation.adapters.jooq.messages.StoredMessages;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.service.handlers.HandlerRegistry;
import com.made.allocation.service.handlers.Handlers;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** The stored messages' tables for tests, knowing the service's message types. */
public final class TestOutboxes {

    private TestOutboxes() {
    }

    /** The tables on {@code database}, whose entries are left to their process for {@code lease}. */
    public static StoredMessages on(Database database, Duration lease) {
        return on(database, lease, Clock.systemUTC());
    }

    /**
     * The tables on {@code database}, leasing for {@code lease} as {@code clock} counts it, as an instance of
     * their own: tables made twice are two instances.
     */
    public static StoredMessages on(Database database, Duration lease, Clock clock) {
        HandlerRegistry registry = Handlers.publishingRegistry((destination, message) -> { });
        return StoredMessages.on(database, new MessageCodec(registry.eventTypes()), UUID.randomUUID().toString(),
                lease, clock);
    }

    /** The tables on {@code database} with a lease of thirty seconds. */
    public static StoredMessages on(Database database) {
        return on(database, Duration.ofSeconds(30));
    }

    /** Units of work on {@code database} with tables of stored messages of their own. */
    public static JooqUnitOfWorkFactory unitsOfWork(Database database, Locking locking) {
        return new JooqUnitOfWorkFactory(database, locking, on(database));
    }
}
