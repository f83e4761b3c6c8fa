package com.made.allocation.adapters.jooq;

class UnitOfWorkPostgresIT extends JooqUnitOfWorkContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedPostgres();
    }
}
