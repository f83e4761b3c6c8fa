package com.made.allocation.adapters.jooq;

import com.made.allocation.adapters.jooq.sql.Database;

class UnitOfWorkH2IT extends JooqUnitOfWorkContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedH2();
    }
}
