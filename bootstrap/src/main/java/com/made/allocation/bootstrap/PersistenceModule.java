package com.made.allocation.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.made.allocation.adapters.jooq.Database;
import com.made.allocation.adapters.jooq.DatabaseSettings;
import com.made.allocation.adapters.jooq.JooqAllocationsView;
import com.made.allocation.adapters.jooq.JooqHealthCheck;
import com.made.allocation.adapters.jooq.JooqOutbox;
import com.made.allocation.adapters.jooq.JooqUnitOfWorkFactory;
import com.made.allocation.adapters.jooq.Locking;
import com.made.allocation.adapters.jooq.MessageCodec;
import com.made.allocation.bootstrap.metrics.OutboxGauges;
import com.made.allocation.service.AllocationsView;
import com.made.allocation.service.HandlerRegistry;
import com.made.allocation.service.HealthCheck;
import com.made.allocation.service.Outbox;
import com.made.allocation.service.UnitOfWorkFactory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The database adapters: pool, migrations, units of work, the outbox and the read side. */
final class PersistenceModule extends AbstractModule {

    private final DatabaseSettings settings;
    private final Locking locking;
    private final Duration lease;

    PersistenceModule(DatabaseSettings settings, Locking locking, Duration lease) {
        this.settings = settings;
        this.locking = locking;
        this.lease = lease;
    }

    @Provides
    @Singleton
    Database database(Optional<PrometheusMeterRegistry> registry) {
        // HikariCP reports its pool to the registry itself; AllocationService.start migrates the database.
        return Database.connect(settings, registry.map(Object.class::cast));
    }

    @Provides
    @Singleton
    JooqOutbox jooqOutbox(Database database, HandlerRegistry handlers, Optional<PrometheusMeterRegistry> registry) {
        JooqOutbox outbox = new JooqOutbox(database, new MessageCodec(handlers.eventTypes()), lease, Clock.systemUTC());
        registry.ifPresent(meters -> OutboxGauges.register(outbox, meters, Clock.systemUTC()));
        return outbox;
    }

    @Provides
    @Singleton
    Outbox outbox(JooqOutbox outbox) {
        return outbox;
    }

    @Provides
    @Singleton
    UnitOfWorkFactory unitsOfWork(Database database, JooqOutbox outbox) {
        return new JooqUnitOfWorkFactory(database, locking, outbox);
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
