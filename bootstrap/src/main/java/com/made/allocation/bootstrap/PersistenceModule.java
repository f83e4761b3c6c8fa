package com.made.allocation.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.made.allocation.adapters.jooq.JooqAllocationsView;
import com.made.allocation.adapters.jooq.JooqUnitOfWorkFactory;
import com.made.allocation.adapters.jooq.Locking;
import com.made.allocation.adapters.jooq.messages.MessageCodec;
import com.made.allocation.adapters.jooq.messages.StoredMessages;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.adapters.jooq.sql.JooqHealthCheck;
import com.made.allocation.bootstrap.metrics.OutboxGauges;
import com.made.allocation.service.handlers.HandlerRegistry;
import com.made.allocation.service.outbox.Inbox;
import com.made.allocation.service.outbox.Outbox;
import com.made.allocation.service.publishing.Publications;
import com.made.allocation.service.unitofwork.BatchSkus;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import com.made.allocation.service.views.AllocationsView;
import com.made.allocation.service.views.HealthCheck;
import com.made.allocation.service.views.OutboxReport;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The database adapters: pool, migrations, units of work, the stored messages and the read side. */
final class PersistenceModule extends AbstractModule {

    private final DatabaseSettings settings;
    private final Locking locking;
    private final Duration lease;
    private final String instance;

    /** @param instance this process's name among the instances, for the leases of the events it publishes */
    PersistenceModule(DatabaseSettings settings, Locking locking, Duration lease, String instance) {
        this.settings = settings;
        this.locking = locking;
        this.lease = lease;
        this.instance = instance;
    }

    @Provides
    @Singleton
    Database database(Optional<PrometheusMeterRegistry> registry) {
        // HikariCP reports its pool to the registry itself; AllocationService.start migrates the database.
        return Database.connect(settings, registry.map(Object.class::cast));
    }

    @Provides
    @Singleton
    StoredMessages storedMessages(Database database, HandlerRegistry handlers) {
        return StoredMessages.on(database, new MessageCodec(handlers.eventTypes()), instance, lease,
                Clock.systemUTC());
    }

    @Provides
    Outbox outbox(StoredMessages messages) {
        return messages.deliveries();
    }

    @Provides
    Publications publications(StoredMessages messages) {
        return messages.publications();
    }

    @Provides
    Inbox inbox(StoredMessages messages) {
        return messages.inbox();
    }

    @Provides
    @Singleton
    OutboxReport outboxReport(StoredMessages messages, Optional<PrometheusMeterRegistry> registry) {
        OutboxReport report = messages.report();
        registry.ifPresent(meters -> OutboxGauges.register(report, meters, Clock.systemUTC()));
        return report;
    }

    @Provides
    @Singleton
    JooqUnitOfWorkFactory jooqUnitsOfWork(Database database, StoredMessages messages) {
        return new JooqUnitOfWorkFactory(database, locking, messages);
    }

    @Provides
    UnitOfWorkFactory unitsOfWork(JooqUnitOfWorkFactory unitsOfWork) {
        return unitsOfWork;
    }

    @Provides
    BatchSkus batchSkus(JooqUnitOfWorkFactory unitsOfWork) {
        return unitsOfWork.batchSkus();
    }

    @Provides
    @Singleton
    AllocationsView allocationsView(Database database) {
        return new JooqAllocationsView(database);
    }

    @Provides
    @Singleton
    HealthCheck healthCheck(Database database) {
        return new JooqHealthCheck(database);
    }
}
