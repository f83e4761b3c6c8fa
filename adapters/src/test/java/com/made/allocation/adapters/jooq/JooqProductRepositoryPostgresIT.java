package com.made.allocation.adapters.jooq;

import com.made.allocation.service.UnitOfWorkFactory;
import org.junit.jupiter.api.AfterEach;

class JooqProductRepositoryPostgresIT extends ProductRepositoryContract {

    private final Database database = TestDatabases.migratedPostgres();

    @Override
    protected UnitOfWorkFactory unitsOfWork() {
        return TestOutboxes.unitsOfWork(database, Locking.OPTIMISTIC);
    }

    @AfterEach
    void close() {
        database.close();
    }
}
