package com.made.allocation.adapters.jooq;

import com.made.allocation.adapters.jooq.sql.Database;

class UnitOfWorkPostgresIT extends JooqUnitOfWorkContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedPostgres();
    }
}
