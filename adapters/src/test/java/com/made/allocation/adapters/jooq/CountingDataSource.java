package com.made.allocation.adapters.jooq;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * Records what reaches the JDBC driver through a data source: every execution (one round trip to the
 * server) and the text of the statements it ran, whether they were built by jOOQ or rendered once, and every
 * {@code Connection.commit()} (as "commit": a round trip, unless the transaction had already ended). Apart,
 * every statement the server runs: each part of a multi-statement, and a JDBC batch once per set of values.
 */
final class CountingDataSource {

    private final DataSource dataSource;
    private final List<String> executions = new CopyOnWriteArrayList<>();
    private final List<String> statements = new CopyOnWriteArrayList<>();

    CountingDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return proxy(DataSource.class, dataSource, (method, result, args) ->
                method.getName().equals("getConnection") ? connection((Connection) result) : result);
    }

    /** The SQL of each execution since the last {@link #reset}, in order; a multi-statement is one entry. */
    List<String> executions() {
        return List.copyOf(executions);
    }

    /** The statements the server ran since the last {@link #reset}, in order, each on its own. */
    List<String> statements() {
        return List.copyOf(statements);
    }

    void reset() {
        executions.clear();
        statements.clear();
    }

    private Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (method, result, args) -> switch (method.getName()) {
            case "prepareStatement" -> statement(PreparedStatement.class, (PreparedStatement) result, (String) args[0]);
            case "createStatement" -> statement(Statement.class, (Statement) result, null);
            case "commit" -> {
                executions.add("commit");
                yield result;
            }
            default -> result;
        });
    }

    private <T extends Statement> T statement(Class<T> type, T statement, String prepared) {
        int[] batched = {0}; // sets of values added since the last batch ran
        return proxy(type, statement, (method, result, args) -> {
            if (method.getName().equals("addBatch")) {
                batched[0]++;
            } else if (method.getName().startsWith("execute")) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : prepared;
                executions.add(sql);
                if (method.getName().endsWith("Batch")) {
                    statements.addAll(Collections.nCopies(batched[0], sql));
                    batched[0] = 0;
                } else {
                    Arrays.stream(sql.split(";\n")).map(String::strip).forEach(statements::add);
                }
            }
            return result;
        });
    }

    private interface After {
        Object apply(Method method, Object result, Object[] args);
    }

    private <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (self, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException error) {
                throw error.getCause();
            }
            return after.apply(method, result, args);
        };
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler));
    }
}
