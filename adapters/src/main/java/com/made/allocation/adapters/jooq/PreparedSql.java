package com.made.allocation.adapters.jooq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * A statement built with jOOQ against the generated schema and rendered once, then run as a JDBC prepared
 * statement with new values each time: rendering on every call would cost more CPU than the database spends
 * on these statements, and the same SQL text lets the driver keep the statement prepared on the server.
 * Values are bound to the query's named parameters ({@link #with}), typed by their {@link Param}; rows are
 * read by the query's own fields.
 */
final class PreparedSql {

    private final String sql;
    private final List<String> parameterNames;
    private final List<Field<?>> fields;

    private PreparedSql(String sql, List<String> parameterNames, List<Field<?>> fields) {
        this.sql = sql;
        this.parameterNames = parameterNames;
        this.fields = fields;
    }

    /**
     * Renders {@code query}, whose values are all named parameters ({@code DSL.param}), each name used once:
     * jOOQ lists them in the order of their positions in the SQL.
     */
    static PreparedSql render(SQLDialect dialect, Query query) {
        DSLContext renderer = DSL.using(dialect, new Settings().withRenderSchema(false));
        List<Param<?>> values = query.getParams().values().stream().filter(param -> !param.isInline()).toList();
        List<String> names = values.stream().map(Param::getParamName).toList();
        if (names.contains(null) || names.size() != query.getBindValues().size()) {
            throw new IllegalArgumentException("every value must be a named parameter, each name used once: " + query);
        }
        List<Field<?>> fields = query instanceof ResultQuery<?> select ? List.of(select.fields()) : List.of();
        return new PreparedSql(renderer.render(query), names, fields);
    }

    /** A plain statement without values or rows, such as {@code COMMIT}. */
    static PreparedSql of(String sql) {
        return new PreparedSql(sql, List.of(), List.of());
    }

    /** This statement with a first value bound; more follow with {@link Bound#with}. */
    <T> Bound with(Param<T> parameter, T value) {
        return new Bound(this, Map.of()).with(parameter, value);
    }

    /** This statement with no values. */
    Bound bound() {
        return new Bound(this, Map.of());
    }

    String sql() {
        return sql;
    }

    /** The fields of the rows a query returns, in their order. */
    List<Field<?>> fields() {
        return fields;
    }

    /** A statement with the values of one run, by parameter name. */
    record Bound(PreparedSql statement, Map<String, Object> values) {

        <T> Bound with(Param<T> parameter, T value) {
            Map<String, Object> more = new HashMap<>(values);
            more.put(parameter.getParamName(), value);
            return new Bound(statement, more);
        }
    }

    /**
     * Prepares {@code statements} as one (multi-)statement with all their values. The PostgreSQL driver
     * splits the text at the semicolons and sends every part in one message flow: one round trip.
     */
    static PreparedStatement prepare(Connection connection, List<Bound> statements) throws SQLException {
        String sql = statements.stream().map(bound -> bound.statement().sql).collect(Collectors.joining(";\n"));
        PreparedStatement prepared = connection.prepareStatement(sql);
        try {
            int index = 1;
            for (Bound bound : statements) {
                for (String name : bound.statement().parameterNames) {
                    if (!bound.values().containsKey(name)) {
                        throw new IllegalArgumentException("no value for :" + name + " in " + bound.statement().sql);
                    }
                    prepared.setObject(index++, bound.values().get(name));
                }
            }
            return prepared;
        } catch (SQLException | RuntimeException failed) {
            prepared.close();
            throw failed;
        }
    }
}
