package com.made.allocation.adapters.jooq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes that run in order, some of them expected to change exactly one row. On PostgreSQL they go to the
 * server as one prepared multi-statement, one round trip however many there are; elsewhere one statement
 * after the other.
 */
final class Writes {

    private record Expectation(int index, Supplier<RuntimeException> otherwise) {
    }

    private final List<PreparedSql.Bound> writes = new ArrayList<>();
    private final List<Expectation> expectations = new ArrayList<>();

    void add(PreparedSql.Bound write) {
        writes.add(write);
    }

    /** Adds a write that must change exactly one row; when it changes none, {@link #execute} throws. */
    void addChangingOneRow(PreparedSql.Bound write, Supplier<RuntimeException> otherwise) {
        expectations.add(new Expectation(writes.size(), otherwise));
        writes.add(write);
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    /** Runs one write on its own; returns how many rows it changed. */
    static int one(Connection connection, PreparedSql.Bound write) throws SQLException {
        try (PreparedStatement statement = PreparedSql.prepare(connection, List.of(write))) {
            return statement.executeUpdate();
        }
    }

    /**
     * Runs one statement once for each of {@code runs}, as one JDBC batch: one round trip and one parse.
     *
     * @return null, for a transaction's work
     */
    static Void batch(Connection connection, List<PreparedSql.Bound> runs) throws SQLException {
        try (PreparedStatement statement = PreparedSql.prepareBatch(connection, runs)) {
            statement.executeBatch();
        }
        return null;
    }

    /** Runs the writes, then checks the expected row counts. */
    void execute(Connection connection, boolean inOneRoundTrip) {
        int[] counts;
        try {
            counts = inOneRoundTrip && writes.size() > 1 ? inOneRoundTrip(connection) : oneByOne(connection);
        } catch (SQLException error) {
            throw SqlErrors.translate(error, "writing the unit of work failed");
        }
        for (Expectation expectation : expectations) {
            if (counts[expectation.index()] != 1) {
                throw expectation.otherwise().get();
            }
        }
    }

    private int[] oneByOne(Connection connection) throws SQLException {
        int[] counts = new int[writes.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = one(connection, writes.get(i));
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
