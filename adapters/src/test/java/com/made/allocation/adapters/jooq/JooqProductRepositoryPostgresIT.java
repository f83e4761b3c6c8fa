package com.made.allocation.adapters.jooq;

class JooqProductRepositoryPostgresIT extends JooqProductRepositoryContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedPostgres();
    }
}
