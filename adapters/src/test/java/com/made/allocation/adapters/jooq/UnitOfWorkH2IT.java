package com.made.allocation.adapters.jooq;

class UnitOfWorkH2IT extends JooqUnitOfWorkContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedH2();
    }
}
