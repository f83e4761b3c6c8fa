package com.made.allocation.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.made.allocation.adapters.jooq.Database;
import com.made.allocation.adapters.jooq.DatabaseSettings;
import com.made.allocation.adapters.jooq.JooqAllocationsView;
import com.made.allocation.adapters.jooq.JooqHealthCheck;
import com.made.allocation.adapters.jooq.JooqUnitOfWorkFactory;
import com.made.allocation.adapters.jooq.Locking;
import com.made.allocation.service.AllocationsView;
import com.made.allocation.service.HealthCheck;
import com.made.allocation.service.UnitOfWorkFactory;

/** The database adapters: pool, migrations, units of work and the read side. */
final class PersistenceModule extends AbstractModule {

    private final DatabaseSettings settings;
    private final Locking locking;

    PersistenceModule(DatabaseSettings settings, Locking locking) {
        this.settings = settings;
        this.locking = locking;
    }

    @Provides
    @Singleton
    Database database() {
        Database database = Database.connect(settings);
        database.migrate();
        return database;
    }

    @Provides
    @Singleton
    UnitOfWorkFactory unitsOfWork(Database database) {
        return new JooqUnitOfWorkFactory(database, locking);
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
