package com.made.allocation.bootstrap.e2e;

import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;

class ApiOnPostgresIT extends ApiEndToEndContract {

    @Override
    protected DatabaseSettings newDatabase() {
        return TestDatabases.freshPostgres();
    }
}
