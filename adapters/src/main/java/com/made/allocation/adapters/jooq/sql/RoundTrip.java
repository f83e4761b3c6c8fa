package com.made.allocation.adapters.jooq.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;

/**
 * Statements that run in order: queries, each handing its rows to its own reader, and writes, some of them
 * expected to change exactly one row. On PostgreSQL they go to the server as one prepared multi-statement,
 * one round trip however many there are; elsewhere one after the other. Each statement still sees what was
 * committed when it starts, as if sent alone: a query after a {@code FOR UPDATE} reads what the holder of
 * the lock committed.
 */
public final class RoundTrip {

    /** The current row of a query's result, read by the query's own (generated, typed) fields. */
    public static final class Row {
        private final ResultSet rows;
        private final List<Field<?>> fields;

        private Row(ResultSet rows, List<Field<?>> fields) {
            this.rows = rows;
            this.fields = fields;
        }

        public <T> T get(Field<T> field) {
            int index = 0;
            while (index < fields.size() && !fields.get(index).getName().equals(field.getName())) {
                index++;
            }
            if (index == fields.size()) {
                throw new IllegalArgumentException(field + " is not selected");
            }
            try {
                // Bytes by name: not every driver maps byte[] in getObject.
                return field.getType() == byte[].class ? field.getType().cast(rows.getBytes(index + 1))
                        : rows.getObject(index + 1, field.getType());
            } catch (SQLException error) {
                throw new DataAccessException("could not read " + field, error);
            }
        }
    }

    /** A query with the reader of its rows, or a write with what to throw when it does not change one row. */
    private record Step(PreparedSql.Bound statement, Consumer<Row> reader, Supplier<RuntimeException> unlessOneRow) {
    }

    private final List<Step> steps = new ArrayList<>();

    public RoundTrip query(PreparedSql.Bound query, Consumer<Row> reader) {
        steps.add(new Step(query, reader, null));
        return this;
    }

    public RoundTrip write(PreparedSql.Bound write) {
        steps.add(new Step(write, null, null));
        return this;
    }

    /** A write that must change exactly one row; when it changes none, {@link #run} throws {@code otherwise}'s. */
    public RoundTrip writeOneRow(PreparedSql.Bound write, Supplier<RuntimeException> otherwise) {
        steps.add(new Step(write, null, otherwise));
        return this;
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Runs the statements on {@code connection}, then checks the row counts the writes were expected to change. */
    public void run(Connection connection, boolean inOneRoundTrip) {
        int[] counts = new int[steps.size()];
        try {
            if (inOneRoundTrip && steps.size() > 1) {
                try (PreparedStatement statement = PreparedSql.prepare(connection,
                        steps.stream().map(Step::statement).toList())) {
                    boolean rows = statement.execute();
                    for (int i = 0; i < steps.size(); i++) {
                        counts[i] = take(statement, i == 0 ? rows : statement.getMoreResults(), steps.get(i));
                    }
                }
            } else {
                for (int i = 0; i < steps.size(); i++) {
                    try (PreparedStatement statement = PreparedSql.prepare(connection, List.of(steps.get(i).statement()))) {
                        counts[i] = take(statement, statement.execute(), steps.get(i));
                    }
                }
            }
        } catch (SQLException error) {
            throw SqlErrors.translate(new DataAccessException("statements failed: " + steps.stream()
                    .map(step -> step.statement().statement().sql()).collect(Collectors.joining(";\n")), error),
                    "statements failed");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).unlessOneRow() != null && counts[i] != 1) {
                throw steps.get(i).unlessOneRow().get();
            }
        }
    }

    /** Hands a query's rows to its reader, or returns how many rows a write changed. */
    private static int take(PreparedStatement statement, boolean hasRows, Step step) throws SQLException {
        String sql = step.statement().statement().sql();
        if (step.reader() == null) {
            if (hasRows) {
                throw new IllegalStateException("a write returned rows: " + sql);
            }
            return statement.getUpdateCount();
        }
        if (!hasRows) {
            throw new IllegalStateException("not a query: " + sql);
        }
        try (ResultSet rows = statement.getResultSet()) {
            Row row = new Row(rows, step.statement().statement().fields());
            while (rows.next()) {
                step.reader().accept(row);
            }
        }
        return -1;
    }

    /** Runs one write on its own; returns how many rows it changed. */
    public static int update(Connection connection, PreparedSql.Bound write) throws SQLException {
        try (PreparedStatement statement = PreparedSql.prepare(connection, List.of(write))) {
            return statement.executeUpdate();
        }
    }

    /**
     * Runs one statement once for each of {@code runs}, as one JDBC batch: one round trip and one parse.
     *
     * @return null, for a transaction's work
     */
    public static Void batch(Connection connection, List<PreparedSql.Bound> runs) throws SQLException {
        try (PreparedStatement statement = PreparedSql.prepareBatch(connection, runs)) {
            statement.executeBatch();
        }
        return null;
    }
}
