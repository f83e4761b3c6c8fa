package com.made.allocation.adapters.jooq.messages;

import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.Database;

/** On the embedded H2 database, one instance only. */
class PublicationsAndInboxH2IT extends PublicationsAndInboxContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedH2();
    }
}
