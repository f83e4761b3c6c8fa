package com.made.allocation.adapters.jooq;

class UnitOfWorkPostgresIT extends UnitOfWorkContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedPostgres();
    }
}
