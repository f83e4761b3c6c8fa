package com.made.allocation.adapters.jooq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * A statement of the allocation path, built with jOOQ and rendered once, then run as a JDBC prepared
 * statement with new values each time. Building and rendering the queries on every request took a third of
 * the service's CPU under load; rendered once, the SQL text is also the same on every call, so the driver
 * keeps the statement prepared on the server.
 */
final class PreparedSql {

    /** A statement with the values of one execution. */
    record Bound(PreparedSql statement, Object[] values) {
    }

    private final String sql;
    private final int parameters;

    private PreparedSql(String sql, int parameters) {
        this.sql = sql;
        this.parameters = parameters;
    }

    /** Renders {@code query}, whose values are all bind parameters ({@code DSL.val}), with {@code ?} for each. */
    static PreparedSql render(SQLDialect dialect, Query query) {
        String sql = DSL.using(dialect, new Settings().withRenderSchema(false)).render(query);
        return new PreparedSql(sql, query.getBindValues().size());
    }

    String sql() {
        return sql;
    }

    int parameters() {
        return parameters;
    }

    /**
     * Prepares {@code statements} as one (multi-)statement with all their values. The PostgreSQL driver
     * splits the text at the semicolons and sends every part in one message flow: one round trip.
     */
    static PreparedStatement prepare(Connection connection, List<Bound> statements) throws SQLException {
        String sql = statements.stream().map(bound -> bound.statement().sql).collect(Collectors.joining(";\n"));
        PreparedStatement prepared = connection.prepareStatement(sql);
        try {
            int offset = 0;
            for (Bound bound : statements) {
                bound.statement().bind(prepared, offset, bound.values());
                offset += bound.statement().parameters;
            }
            return prepared;
        } catch (SQLException | RuntimeException failed) {
            prepared.close();
            throw failed;
        }
    }

    /** Sets {@code values} in the order their parameters appear, after the first {@code offset} parameters. */
    void bind(PreparedStatement statement, int offset, Object... values) throws SQLException {
        if (values.length != parameters) {
            throw new IllegalArgumentException(parameters + " values expected, not " + values.length + ": " + sql);
        }
        for (int i = 0; i < values.length; i++) {
            statement.setObject(offset + i + 1, values[i]);
        }
    }
}
