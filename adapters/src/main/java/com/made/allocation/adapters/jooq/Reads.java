package com.made.allocation.adapters.jooq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.exception.DataAccessException;

/**
 * Queries that run in order, each handing its rows to its own reader. On PostgreSQL they go to the server
 * as one prepared multi-statement, one round trip; elsewhere one after the other. Each statement still sees
 * what was committed when it starts, as if sent alone: a query after a {@code FOR UPDATE} reads what the
 * holder of the lock committed.
 */
final class Reads {

    /** Reads one row of a result. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private record Read(PreparedSql statement, RowReader reader, Object[] values) {
    }

    private final List<Read> reads = new ArrayList<>();

    Reads add(PreparedSql statement, RowReader reader, Object... values) {
        reads.add(new Read(statement, reader, values));
        return this;
    }

    void execute(Connection connection, boolean inOneRoundTrip) {
        try {
            if (inOneRoundTrip) {
                inOneRoundTrip(connection);
            } else {
                for (Read read : reads) {
                    try (PreparedStatement statement = connection.prepareStatement(read.statement().sql())) {
                        read.statement().bind(statement, 0, read.values());
                        statement.execute();
                        readRows(statement, read);
                    }
                }
            }
        } catch (SQLException error) {
            throw new DataAccessException("reading failed", error);
        }
    }

    private void inOneRoundTrip(Connection connection) throws SQLException {
        String sql = reads.stream().map(read -> read.statement().sql()).collect(Collectors.joining(";\n"));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int offset = 0;
            for (Read read : reads) {
                read.statement().bind(statement, offset, read.values());
                offset += read.statement().parameters();
            }
            statement.execute();
            for (int i = 0; i < reads.size(); i++) {
                if (i > 0 && !statement.getMoreResults()) {
                    throw new IllegalStateException("not a query: " + reads.get(i).statement().sql());
                }
                readRows(statement, reads.get(i));
            }
        }
    }

    private static void readRows(PreparedStatement statement, Read read) throws SQLException {
        try (ResultSet rows = statement.getResultSet()) {
            while (rows.next()) {
                read.reader().read(rows);
            }
        }
    }
}
