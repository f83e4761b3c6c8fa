package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.UnitOfWork;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each statement of the allocation and quantity-change paths, as the service sends it, is served by the index
 * meant for it, whatever the statistics: PostgreSQL keeps a prepared statement's generic plan for the life
 * of the connection, planned with the statistics of the moment, so the plan must be right on an empty,
 * never-analyzed table as on one full of a single SKU's lines.
 */
class QueryPlansIT {

    /**
     * Each statement (its verb, table and the columns of its WHERE) and the index meant for it. A batch by its
     * reference may use either unique key that starts with the reference (the second is the target of the
     * allocations' foreign key): both find the one row.
     */
    private static final Set<String> BY_REFERENCE = Set.of("batches_reference_key", "batches_reference_sku_key");
    private static final Map<String, Set<String>> INTENDED = Map.of(
            "select products sku", Set.of("products_pkey"),
            "update products sku version_number", Set.of("products_pkey"),
            "select batches sku", Set.of("batches_sku_idx"),
            "select batches reference", BY_REFERENCE,
            "update batches reference", BY_REFERENCE,
            "select allocations orderid sku", Set.of("allocations_orderid_sku_key"),
            "delete allocations orderid sku", Set.of("allocations_orderid_sku_key"),
            "select allocations batch_ref id", Set.of("allocations_batch_ref_id_idx"));

    private static final Pattern WHERE_COLUMN = Pattern.compile("\"(\\w+)\"\\s*(?:=|<|>)");
    private static final Pattern INDEX_USED = Pattern.compile("(?:using|Index Scan on) (\\w+)");

    private final DatabaseSettings settings = TestDatabases.freshPostgres();
    private final Database database = migrated(Database.connect(settings));
    private final CountingDataSource recording = new CountingDataSource(database.dataSource());
    private final JooqUnitOfWorkFactory units = new JooqUnitOfWorkFactory(recording.dataSource(),
            database.dialect(), Locking.PESSIMISTIC, TestOutboxes.on(database));

    @AfterEach
    void close() {
        database.close();
    }

    private static Database migrated(Database database) {
        database.migrate();
        return database;
    }

    /** A connection of its own, opened now, as the pool opens one when the service starts or grows. */
    private Connection newConnection() throws SQLException {
        Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        connection.setAutoCommit(false);
        return connection;
    }

    @Test
    void everyStatementUsesItsIndexOnAnEmptyTableAndOnAFullOne() throws SQLException {
        Map<String, String> statements = statementsOfTheWritePath();
        assertThat(statements.keySet()).as("statements sent on the write path")
                .containsExactlyInAnyOrderElementsOf(INTENDED.keySet());

        assertIndexes(statements, "empty tables, never analyzed");

        try (Connection connection = newConnection(); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO products (sku, version_number) VALUES ('HOT', 0)");
            sql.execute("INSERT INTO batches (reference, sku, purchased_quantity, allocated_quantity)"
                    + " VALUES ('HOT-stock', 'HOT', 100000, 50000)");
            sql.execute("INSERT INTO allocations (orderid, sku, qty, batch_ref)"
                    + " SELECT 'hot-' || n, 'HOT', 1, 'HOT-stock' FROM generate_series(1, 50000) n");
            // ...among a catalogue of other SKUs with a few lines each, so no table is one page or one value.
            sql.execute("INSERT INTO products (sku, version_number) SELECT 'SKU-' || n, 0 FROM generate_series(1, 2000) n");
            sql.execute("INSERT INTO batches (reference, sku, purchased_quantity, allocated_quantity)"
                    + " SELECT 'SKU-' || n || '-' || b, 'SKU-' || n, 100, 0"
                    + " FROM generate_series(1, 2000) n, generate_series(1, 3) b");
            sql.execute("INSERT INTO allocations (orderid, sku, qty, batch_ref)"
                    + " SELECT 'order-' || n || '-' || l, 'SKU-' || n, 1, 'SKU-' || n || '-1'"
                    + " FROM generate_series(1, 2000) n, generate_series(1, 5) l");
            connection.commit();
        }
        assertIndexes(statements, "50,000 lines of one SKU among 2,000, not analyzed");

        try (Connection connection = newConnection(); Statement sql = connection.createStatement()) {
            sql.execute("ANALYZE");
            connection.commit();
        }
        assertIndexes(statements, "50,000 lines of one SKU among 2,000, analyzed");
    }

    /** Adds a product, allocates, allocates again, loads by batch and shrinks a batch; returns what was sent. */
    private Map<String, String> statementsOfTheWritePath() {
        try (UnitOfWork uow = units.start()) {
            uow.products().add(new Product("LAMP", List.of(new Batch("lamps-in-stock", "LAMP", 10, null))));
            uow.commit();
        }
        for (int i = 0; i < 2; i++) {
            try (UnitOfWork uow = units.start()) {
                uow.products().get("LAMP").orElseThrow().allocate(new OrderLine("order-1", "LAMP", 5));
                uow.commit();
            }
        }
        try (UnitOfWork uow = units.start()) {
            uow.products().getByBatchRef("lamps-in-stock").orElseThrow().changeBatchQuantity("lamps-in-stock", 2);
            uow.commit();
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        recording.executions().stream()
                .flatMap(execution -> Arrays.stream(execution.split(";")))
                .map(String::strip)
                .filter(sql -> sql.matches("(?is)(select|update|delete) .*"))
                .filter(sql -> !sql.contains("\"outbox\""))
                .forEach(sql -> byKey.putIfAbsent(key(sql), sql));
        return byKey;
    }

    /** "select allocations orderid sku": the verb, the table, and the columns its WHERE compares. */
    private static String key(String sql) {
        String verb = sql.substring(0, sql.indexOf(' ')).toLowerCase();
        String table = List.of("products", "batches", "allocations").stream()
                .filter(name -> sql.contains("\"" + name + "\"")).findFirst().orElse("?");
        int where = sql.toLowerCase().indexOf(" where ");
        Set<String> columns = new LinkedHashSet<>();
        Matcher column = WHERE_COLUMN.matcher(where < 0 ? "" : sql.substring(where));
        while (column.find()) {
            columns.add(column.group(1));
        }
        return verb + " " + table + (columns.isEmpty() ? "" : " " + String.join(" ", columns));
    }

    private void assertIndexes(Map<String, String> statements, String state) throws SQLException {
        try (Connection connection = newConnection(); Statement sql = connection.createStatement()) {
            for (Map.Entry<String, String> statement : statements.entrySet()) {
                String plan = genericPlan(sql, statement.getValue());
                Set<String> indexes = new LinkedHashSet<>();
                Matcher used = INDEX_USED.matcher(plan);
                while (used.find()) {
                    indexes.add(used.group(1));
                }
                assertThat(indexes).as("indexes of '%s' with %s; plan:%n%s", statement.getKey(), state, plan)
                        .hasSize(1).isSubsetOf(INTENDED.get(statement.getKey()));
            }
            connection.rollback();
        }
    }

    /**
     * The plan PostgreSQL keeps for a prepared statement once it goes generic (after five executions), planned
     * now: with the generic plan forced, the values given to EXPLAIN EXECUTE make no difference.
     */
    private static String genericPlan(Statement sql, String statement) throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int parameters = 0;
        for (char c : statement.toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++parameters);
            } else {
                numbered.append(c);
            }
        }
        sql.execute("DEALLOCATE ALL");
        sql.execute("SET plan_cache_mode = force_generic_plan");
        sql.execute("PREPARE planned AS " + numbered);
        String nulls = parameters == 0 ? ""
                : "(" + String.join(", ", Collections.nCopies(parameters, "NULL")) + ")";
        List<String> lines = new ArrayList<>();
        try (ResultSet plan = sql.executeQuery("EXPLAIN EXECUTE planned" + nulls)) {
            while (plan.next()) {
                lines.add(plan.getString(1));
            }
        }
        return lines.stream().collect(Collectors.joining("\n"));
    }
}
