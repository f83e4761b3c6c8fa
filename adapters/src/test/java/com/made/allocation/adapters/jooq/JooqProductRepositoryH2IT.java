package com.made.allocation.adapters.jooq;

class JooqProductRepositoryH2IT extends JooqProductRepositoryContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedH2();
    }
}
