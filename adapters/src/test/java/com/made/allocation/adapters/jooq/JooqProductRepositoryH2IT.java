package com.made.allocation.adapters.jooq;

import com.made.allocation.adapters.jooq.sql.Database;

class JooqProductRepositoryH2IT extends JooqProductRepositoryContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedH2();
    }
}
