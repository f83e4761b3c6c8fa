package com.made.allocation.entrypoints.violations;

import com.made.allocation.adapters.jooq.sql.Database;

/** Breaks the rules on purpose: an entrypoint that bypasses the ports and uses an adapter. */
public class EntrypointUsingAdapter {

    public Object pool(Database database) {
        return database.dataSource();
    }
}
