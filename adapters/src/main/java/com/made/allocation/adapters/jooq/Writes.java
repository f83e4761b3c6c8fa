package com.made.allocation.adapters.jooq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.exception.DataAccessException;

/**
 * The writes of one unit of work, in order. On PostgreSQL they go to the server as one prepared
 * multi-statement, one round trip however many there are; elsewhere one statement after the other.
 */
final class Writes {

    private final List<PreparedSql.Bound> writes = new ArrayList<>();

    /** Adds a write; returns its index in the counts that {@link #execute} returns. */
    int add(PreparedSql statement, Object... values) {
        writes.add(new PreparedSql.Bound(statement, values));
        return writes.size() - 1;
    }

    /** Appends the writes of {@code others}, after these. */
    void addAll(Writes others) {
        writes.addAll(others.writes);
    }

    /** Runs the writes; returns each one's count of changed rows. */
    int[] execute(Connection connection, boolean inOneRoundTrip) {
        try {
            return inOneRoundTrip && writes.size() > 1 ? inOneRoundTrip(connection) : oneByOne(connection);
        } catch (SQLException error) {
            throw new DataAccessException("writing the unit of work failed", error);
        }
    }

    private int[] oneByOne(Connection connection) throws SQLException {
        int[] counts = new int[writes.size()];
        for (int i = 0; i < counts.length; i++) {
            try (PreparedStatement statement = PreparedSql.prepare(connection, List.of(writes.get(i)))) {
                counts[i] = statement.executeUpdate();
            }
        }
        return counts;
    }

    private int[] inOneRoundTrip(Connection connection) throws SQLException {
        try (PreparedStatement statement = PreparedSql.prepare(connection, writes)) {
            statement.execute();
            int[] counts = new int[writes.size()];
            for (int i = 0; i < counts.length; i++) {
                if (i > 0 && statement.getMoreResults()) {
                    throw new IllegalStateException("a write returned rows: " + writes.get(i).statement().sql());
                }
                counts[i] = statement.getUpdateCount();
            }
            return counts;
        }
    }
}
