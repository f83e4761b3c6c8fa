package com.made.allocation.adapters.jooq.sql;

import com.made.allocation.service.views.HealthCheck;
import java.sql.Connection;
import java.sql.SQLException;

/** The database is up when a pooled connection answers a validity check within two seconds. */
public final class JooqHealthCheck implements HealthCheck {

    private final Database database;

    public JooqHealthCheck(Database database) {
        this.database = database;
    }

    @Override
    public boolean storageIsUp() {
        try (Connection connection = database.dataSource().getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException unavailable) {
            return false;
        }
    }
}
