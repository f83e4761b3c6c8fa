package com.made.allocation.adapters.jooq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;

/**
 * Queries that run in order, each handing its rows to its own reader, which reads them by the query's
 * fields. On PostgreSQL they go to the server as one prepared multi-statement, one round trip; elsewhere
 * one after the other. Each statement still sees what was committed when it starts, as if sent alone: a
 * query after a {@code FOR UPDATE} reads what the holder of the lock committed.
 */
final class Reads {

    /** The current row of a query's result, read by the query's own (generated, typed) fields. */
    static final class Row {
        private final ResultSet rows;
        private final List<Field<?>> fields;

        private Row(ResultSet rows, List<Field<?>> fields) {
            this.rows = rows;
            this.fields = fields;
        }

        <T> T get(Field<T> field) {
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

    private record Read(PreparedSql.Bound query, Consumer<Row> reader) {
    }

    private final List<Read> reads = new ArrayList<>();

    Reads add(PreparedSql.Bound query, Consumer<Row> reader) {
        reads.add(new Read(query, reader));
        return this;
    }

    /** Runs the queries on {@code connection}. */
    void execute(Connection connection, boolean inOneRoundTrip) {
        try {
            if (inOneRoundTrip) {
                inOneRoundTrip(connection);
            } else {
                for (Read read : reads) {
                    try (PreparedStatement statement = PreparedSql.prepare(connection, List.of(read.query()))) {
                        statement.execute();
                        readRows(statement, read);
                    }
                }
            }
        } catch (SQLException error) {
            throw SqlErrors.translate(new DataAccessException("query failed: " + reads.stream()
                    .map(read -> read.query().statement().sql()).collect(Collectors.joining(";\n")), error),
                    "query failed");
        }
    }

    private void inOneRoundTrip(Connection connection) throws SQLException {
        try (PreparedStatement statement = PreparedSql.prepare(connection,
                reads.stream().map(Read::query).toList())) {
            statement.execute();
            for (int i = 0; i < reads.size(); i++) {
                if (i > 0 && !statement.getMoreResults()) {
                    throw new IllegalStateException("not a query: " + reads.get(i).query().statement().sql());
                }
                readRows(statement, reads.get(i));
            }
        }
    }

    private static void readRows(PreparedStatement statement, Read read) throws SQLException {
        try (ResultSet rows = statement.getResultSet()) {
            Row row = new Row(rows, read.query().statement().fields());
            while (rows.next()) {
                read.reader().accept(row);
            }
        }
    }
}
