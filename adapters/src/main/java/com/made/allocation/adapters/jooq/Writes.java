package com.made.allocation.adapters.jooq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
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

    /** Runs the writes, then checks the expected row counts. */
    void execute(Connection connection, boolean inOneRoundTrip) {
        int[] counts;
        try {
            counts = writes.size() > 1 && oneStatement() ? asBatch(connection)
                    : inOneRoundTrip && writes.size() > 1 ? inOneRoundTrip(connection) : oneByOne(connection);
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
            try (PreparedStatement statement = PreparedSql.prepare(connection, List.of(writes.get(i)))) {
                counts[i] = statement.executeUpdate();
            }
        }
        return counts;
    }

    private boolean oneStatement() {
        return writes.stream().allMatch(write -> write.statement() == writes.get(0).statement());
    }

    /** The same statement with several sets of values: a JDBC batch, one round trip and one parse. */
    private int[] asBatch(Connection connection) throws SQLException {
        try (PreparedStatement statement = PreparedSql.prepareBatch(connection, writes)) {
            int[] counts = statement.executeBatch();
            for (int count : counts) {
                if (count == Statement.SUCCESS_NO_INFO && !expectations.isEmpty()) {
                    throw new IllegalStateException("the driver did not count the rows of a batch");
                }
            }
            return counts;
        }
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
