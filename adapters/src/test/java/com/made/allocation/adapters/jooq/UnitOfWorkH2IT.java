package com.made.allocation.adapters.jooq;

class UnitOfWorkH2IT extends UnitOfWorkContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedH2();
    }
}
