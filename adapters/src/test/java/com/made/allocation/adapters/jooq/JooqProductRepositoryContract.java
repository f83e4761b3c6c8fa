package com.made.allocation.adapters.jooq;

import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import org.junit.jupiter.api.AfterEach;

/** The repository contract on jOOQ, on a database of the subclass's choosing. */
abstract class JooqProductRepositoryContract extends ProductRepositoryContract {

    private final Database database = newDatabase();

    protected abstract Database newDatabase();

    @Override
    protected UnitOfWorkFactory unitsOfWork() {
        return TestOutboxes.unitsOfWork(database, Locking.OPTIMISTIC);
    }

    @AfterEach
    void close() {
        database.close();
    }
}
