package com.made.allocation.adapters.jooq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;

/**
 * Queries that run in order, each handing its rows to its own reader as records of the query's fields. On
 * PostgreSQL they go to the server as one prepared multi-statement, one round trip; elsewhere one after the
 * other. Each statement still sees what was committed when it starts, as if sent alone: a query after a
 * {@code FOR UPDATE} reads what the holder of the lock committed.
 */
final class Reads {

    private record Read(PreparedSql.Bound query, Consumer<Record> reader) {
    }

    private final List<Read> reads = new ArrayList<>();

    Reads add(PreparedSql.Bound query, Consumer<Record> reader) {
        reads.add(new Read(query, reader));
        return this;
    }

    /** Runs the queries on {@code connection}; {@code records} turns their rows into jOOQ records. */
    void execute(Connection connection, DSLContext records, boolean inOneRoundTrip) {
        try {
            if (inOneRoundTrip) {
                inOneRoundTrip(connection, records);
            } else {
                for (Read read : reads) {
                    try (PreparedStatement statement = PreparedSql.prepare(connection, List.of(read.query()))) {
                        statement.execute();
                        readRows(statement, read, records);
                    }
                }
            }
        } catch (SQLException error) {
            throw new DataAccessException("query failed: " + reads.stream()
                    .map(read -> read.query().statement().sql()).collect(Collectors.joining(";\n")), error);
        }
    }

    private void inOneRoundTrip(Connection connection, DSLContext records) throws SQLException {
        try (PreparedStatement statement = PreparedSql.prepare(connection,
                reads.stream().map(Read::query).toList())) {
            statement.execute();
            for (int i = 0; i < reads.size(); i++) {
                if (i > 0 && !statement.getMoreResults()) {
                    throw new IllegalStateException("not a query: " + reads.get(i).query().statement().sql());
                }
                readRows(statement, reads.get(i), records);
            }
        }
    }

    private static void readRows(PreparedStatement statement, Read read, DSLContext records) throws SQLException {
        try (ResultSet rows = statement.getResultSet()) {
            records.fetch(rows, read.query().statement().fields().toArray(org.jooq.Field[]::new))
                    .forEach(read.reader());
        }
    }
}
