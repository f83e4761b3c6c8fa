package com.made.allocation.bootstrap.e2e;

import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.adapters.jooq.TestDatabases;

class ApiOnPostgresIT extends ApiEndToEndContract {

    @Override
    protected DatabaseSettings newDatabase() {
        return TestDatabases.freshPostgres();
    }
}
