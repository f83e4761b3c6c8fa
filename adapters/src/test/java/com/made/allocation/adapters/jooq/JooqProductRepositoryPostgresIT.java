package com.made.allocation.adapters.jooq;

import com.made.allocation.adapters.jooq.sql.Database;

class JooqProductRepositoryPostgresIT extends JooqProductRepositoryContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedPostgres();
    }
}
