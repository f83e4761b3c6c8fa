package com.made.allocation.adapters.jooq.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.postgresql.PGStatement;

/**
 * A statement built with jOOQ against the generated schema and rendered once, then run as a JDBC prepared
 * statement with new values each time: rendering on every call would cost more CPU than the database spends
 * on these statements, and the same SQL text lets the driver keep the statement prepared on the server.
 * Values are bound to the query's named parameters ({@link #with}), typed by their {@link Param}; rows are
 * read by the query's own fields.
 */
public final class PreparedSql {

    private final String sql;
    private final List<String> parameterNames;
    private final List<Field<?>> fields;
    private final boolean plannedEachRun;

    private PreparedSql(String sql, List<String> parameterNames, List<Field<?>> fields, boolean plannedEachRun) {
        this.sql = sql;
        this.parameterNames = parameterNames;
        this.fields = fields;
        this.plannedEachRun = plannedEachRun;
    }

    /**
     * Renders {@code query}, whose values are all named parameters ({@code DSL.param}), each name used once:
     * jOOQ lists them in the order of their positions in the SQL.
     */
    public static PreparedSql render(SQLDialect dialect, Query query) {
        DSLContext renderer = DSL.using(dialect, new Settings().withRenderSchema(false));
        List<Param<?>> values = query.getParams().values().stream().filter(param -> !param.isInline()).toList();
        List<String> names = values.stream().map(Param::getParamName).toList();
        if (names.contains(null) || names.size() != query.getBindValues().size()) {
            throw new IllegalArgumentException("every value must be a named parameter, each name used once: " + query);
        }
        List<Field<?>> fields = query instanceof ResultQuery<?> select ? List.of(select.fields()) : List.of();
        return new PreparedSql(renderer.render(query), names, fields, false);
    }

    /** A plain statement without values or rows, such as {@code COMMIT}. */
    public static PreparedSql of(String sql) {
        return new PreparedSql(sql, List.of(), List.of(), false);
    }

    /**
     * This statement, never kept prepared on a PostgreSQL server: planned at each run with the sizes of the
     * moment. For a statement run a few times a second on a table whose size swings (a plan kept from when
     * it was nearly empty reads every page once it has grown, until the connection is replaced), where a
     * plan's cost is small beside the run's.
     */
    public PreparedSql plannedEachRun() {
        return new PreparedSql(sql, parameterNames, fields, true);
    }

    /** This statement with a first value bound; more follow with {@link Bound#with}. */
    public <T> Bound with(Param<T> parameter, T value) {
        return new Bound(this, Map.of()).with(parameter, value);
    }

    /** This statement with no values. */
    public Bound bound() {
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
    public record Bound(PreparedSql statement, Map<String, Object> values) {

        public <T> Bound with(Param<T> parameter, T value) {
            if (!statement.parameterNames.contains(parameter.getParamName())) {
                throw new IllegalArgumentException("no :" + parameter.getParamName() + " in " + statement.sql);
            }
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
        PreparedStatement prepared = prepareStatement(connection, sql,
                statements.stream().anyMatch(bound -> bound.statement().plannedEachRun));
        try {
            int index = 1;
            for (Bound bound : statements) {
                index = bind(prepared, index, bound);
            }
            return prepared;
        } catch (SQLException | RuntimeException failed) {
            prepared.close();
            throw failed;
        }
    }

    /** Prepares one statement with the values of each of {@code runs} added as a JDBC batch. */
    static PreparedStatement prepareBatch(Connection connection, List<Bound> runs) throws SQLException {
        PreparedSql statement = runs.get(0).statement();
        PreparedStatement prepared = prepareStatement(connection, statement.sql, statement.plannedEachRun);
        try {
            for (Bound run : runs) {
                if (run.statement() != statement) {
                    throw new IllegalArgumentException("a batch runs one statement: " + run.statement().sql);
                }
                bind(prepared, 1, run);
                prepared.addBatch();
            }
            return prepared;
        } catch (SQLException | RuntimeException failed) {
            prepared.close();
            throw failed;
        }
    }

    /** A JDBC statement for {@code sql}; one planned at each run is never prepared on a PostgreSQL server. */
    private static PreparedStatement prepareStatement(Connection connection, String sql, boolean plannedEachRun)
            throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(sql);
        try {
            if (plannedEachRun && prepared.isWrapperFor(PGStatement.class)) {
                prepared.unwrap(PGStatement.class).setPrepareThreshold(0); // 0: never prepared on the server
            }
            return prepared;
        } catch (SQLException | RuntimeException failed) {
            prepared.close();
            throw failed;
        }
    }

    /** Sets the values of {@code bound} from position {@code index} on; returns the position after them. */
    private static int bind(PreparedStatement prepared, int index, Bound bound) throws SQLException {
        for (String name : bound.statement().parameterNames) {
            if (!bound.values().containsKey(name)) {
                throw new IllegalArgumentException("no value for :" + name + " in " + bound.statement().sql);
            }
            prepared.setObject(index++, bound.values().get(name));
        }
        return index;
    }

    /**
     * Renders statements on a thread of its own: a cold jOOQ is slow to render its first ones, and the
     * service starts meanwhile; the first use waits for them.
     */
    public static <T> CompletableFuture<T> inBackground(Supplier<T> rendering) {
        return CompletableFuture.supplyAsync(rendering, task -> {
            Thread renderer = new Thread(task, "render-sql");
            renderer.setDaemon(true);
            renderer.start();
        });
    }
}
