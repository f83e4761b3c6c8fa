package com.made.allocation.adapters.jooq;

/** On the embedded H2 database, one instance only. */
class PublicationsAndInboxH2IT extends PublicationsAndInboxContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedH2();
    }
}
