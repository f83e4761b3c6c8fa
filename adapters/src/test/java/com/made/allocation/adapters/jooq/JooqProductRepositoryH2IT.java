package com.made.allocation.adapters.jooq;

import com.made.allocation.service.UnitOfWorkFactory;
import org.junit.jupiter.api.AfterEach;

class JooqProductRepositoryH2IT extends ProductRepositoryContract {

    private final Database database = TestDatabases.migratedH2();

    @Override
    protected UnitOfWorkFactory unitsOfWork() {
        return TestOutboxes.unitsOfWork(database, Locking.OPTIMISTIC);
    }

    @AfterEach
    void close() {
        database.close();
    }
}
