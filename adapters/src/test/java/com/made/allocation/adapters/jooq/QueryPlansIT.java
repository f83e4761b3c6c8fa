package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.messages.StoredMessages;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.publishing.Publication;
import com.made.allocation.service.unitofwork.UnitOfWork;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
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

    /** Each change of one publication finds it by its id: by its key, or by the pending ones' ids. */
    private static final Set<String> BY_ID = Set.of("publications_pkey", "publications_status_id_idx");

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

        assertIndexes(statements, INTENDED::get, "empty tables, never analyzed");

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
        assertIndexes(statements, INTENDED::get, "50,000 lines of one SKU among 2,000, not analyzed");

        try (Connection connection = newConnection(); Statement sql = connection.createStatement()) {
            sql.execute("ANALYZE");
            connection.commit();
        }
        assertIndexes(statements, INTENDED::get, "50,000 lines of one SKU among 2,000, analyzed");
    }

    /**
     * The relay's statements on publications: each change of one publication finds it by its id, and the
     * claim walks what waits in id order, whatever the statistics.
     */
    @Test
    void thePublicationsAreFoundByIdAndClaimedInIdOrderOnAnEmptyTableAndOnAFullOne() throws SQLException {
        Map<String, String> statements = statementsOfTheRelay();
        assertThat(statements).as("lease, delete, release, retry, park and re-drive").hasSize(6);
        // A statement by an array of ids reads the few pages of a table believed empty (as a list of ids
        // would); once ANALYZE saw rows, by the key. Those by one id find it by the key, empty or full.
        Map<String, String> byOneId = new LinkedHashMap<>(statements);
        byOneId.keySet().removeIf(sql -> sql.contains(" = any("));
        assertThat(byOneId).as("retry, park and re-drive").hasSize(3);
        assertIndexes(byOneId, update -> BY_ID, "an empty table, never analyzed");
        assertClaimWalksInIdOrder("an empty table, never analyzed", Set.of("publications_status_id_idx"));
        assertInsertFindsTheLatestOfItsKeyByItsIndex("an empty table, never analyzed");

        try (Connection connection = newConnection(); Statement sql = connection.createStatement()) {
            // A backlog behind a broker that was away: 40,000 pending of 100 SKUs, 500 of them leased, and
            // 1,000 refused for good; bodies of an event's size.
            sql.execute("INSERT INTO publications (message_type, routing_key, ordering_key, body, status,"
                    + " next_attempt_at, leased_until, created_at, updated_at)"
                    + " SELECT 'Allocated', 'Allocated.SKU-' || n % 100, 'SKU-' || n % 100,"
                    + " decode(repeat('7b', 200), 'hex'), CASE WHEN n <= 1000 THEN 'DEAD' ELSE 'PENDING' END,"
                    + " now() - interval '1 hour', CASE WHEN n > 40500 THEN now() + interval '1 minute' END,"
                    + " now(), now() FROM generate_series(1, 41000) n");
            sql.execute("ANALYZE");
            connection.commit();
        }
        assertIndexes(statements, update -> BY_ID, "40,000 pending publications, analyzed");
        assertClaimWalksInIdOrder("40,000 pending publications, analyzed", BY_ID);
        assertInsertFindsTheLatestOfItsKeyByItsIndex("40,000 pending publications, analyzed");
    }

    /** The service's connections run the generic plans, the ones this class checks, from the first run. */
    @Test
    void theServicesConnectionsUseGenericPlansFromTheFirstRun() {
        String mode = database.inTransaction("reading the setting", connection -> {
            try (Statement sql = connection.createStatement();
                 ResultSet rows = sql.executeQuery("SHOW plan_cache_mode")) {
                rows.next();
                return rows.getString(1);
            }
        });
        assertThat(mode).isEqualTo("force_generic_plan");
    }

    /**
     * The relay's statements (claim, lease, delete, give back) are planned at each run, never kept prepared on
     * the server: a plan kept from when the table was empty (a sequential scan) read every page of a table
     * grown by a backlog or by rows no vacuum has yet removed. The commit's insert is kept prepared: it runs
     * with every allocation.
     */
    @Test
    void theRelaysStatementsArePlannedAtEachRunAndTheInsertIsKeptPrepared() throws SQLException {
        try (Database alone = Database.connect(new DatabaseSettings(settings.url(), settings.user(),
                settings.password(), 1))) { // one connection: what it keeps prepared can be read on it
            StoredMessages messages = TestOutboxes.on(alone);
            StoredMessages crashed = TestOutboxes.on(alone, Duration.ZERO); // what it stores is claimed at once
            for (int run = 0; run < 6; run++) {
                RoundTrip storing = new RoundTrip();
                crashed.publications().store(List.of(new EventMessage("allocated", "allocated.LAMP", "LAMP",
                        new byte[] {'{', '}'})), new ArrayList<>(), storing);
                alone.inTransaction("storing", connection -> {
                    storing.run(connection, false);
                    return null;
                });
                List<Long> claimed = messages.publications().claim(10).stream().map(Publication::id).toList();
                assertThat(claimed).hasSize(1);
                messages.publications().release(claimed);
                messages.publications().deletePublished(claimed);
            }
            List<String> prepared = alone.inTransaction("reading", connection -> {
                List<String> statements = new ArrayList<>();
                try (Statement sql = connection.createStatement();
                     ResultSet rows = sql.executeQuery("SELECT statement FROM pg_prepared_statements")) {
                    while (rows.next()) {
                        statements.add(rows.getString(1));
                    }
                }
                return statements;
            });
            List<String> ofPublications = prepared.stream().filter(sql -> sql.contains("\"publications\"")).toList();
            assertThat(ofPublications).as("kept prepared on the server").singleElement()
                    .satisfies(sql -> assertThat(sql).startsWith("insert"));
        }
    }

    /**
     * The insert of a publication reads the latest pending one of its key, under the product's lock, on the
     * path of every allocation: one probe of (ordering_key, status, id), however many of the key wait.
     */
    private void assertInsertFindsTheLatestOfItsKeyByItsIndex(String state) throws SQLException {
        try (Connection connection = newConnection(); Statement sql = connection.createStatement()) {
            String plan = genericPlan(sql, insert);
            assertThat(indexesIn(plan)).as("the insert's indexes with %s; plan:%n%s", state, plan)
                    .containsExactly("publications_key_status_id_idx");
            assertThat(plan).as("the insert's plan with %s", state).doesNotContain("Sort").doesNotContain("Seq Scan");
            connection.rollback();
        }
    }

    /**
     * The claim walks the publications in id order and stops at its limit: it never sorts the backlog. Since
     * a published event is deleted, every row it may read waits to be published (or was refused for good);
     * on an empty table, where a connection opened at start plans it, it reads them by (status, id).
     */
    private void assertClaimWalksInIdOrder(String state, Set<String> indexesAllowed) throws SQLException {
        try (Connection connection = newConnection(); Statement sql = connection.createStatement()) {
            String plan = genericPlan(sql, claim);
            assertThat(indexesIn(plan)).as("the claim's indexes with %s; plan:%n%s", state, plan)
                    .isNotEmpty().isSubsetOf(indexesAllowed);
            assertThat(plan).as("the claim's plan with %s", state).doesNotContain("Sort Key: publications.id");
            connection.rollback();
        }
    }

    private String claim;
    private String insert;

    /** Claims, publishes, releases, retries, parks and re-drives publications; returns the updates sent. */
    private Map<String, String> statementsOfTheRelay() throws SQLException {
        try (Connection connection = newConnection(); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO publications (message_type, routing_key, ordering_key, body, status,"
                    + " next_attempt_at, created_at, updated_at)"
                    + " SELECT 'Allocated', 'Allocated.LAMP', 'LAMP-' || n, '\\x7b7d', 'PENDING', now(), now(), now()"
                    + " FROM generate_series(1, 4) n");
            connection.commit();
        }
        CountingDataSource relayed = new CountingDataSource(database.dataSource());
        StoredMessages messages = TestOutboxes.on(database.through(relayed.dataSource()));
        List<Long> ids = messages.publications().claim(10).stream().map(Publication::id).toList();
        assertThat(ids).hasSize(4);
        messages.publications().deletePublished(List.of(ids.get(0)));
        messages.publications().release(List.of(ids.get(1)));
        messages.publications().scheduleRetry(ids.get(2), "refused", Instant.now());
        messages.publications().markDead(ids.get(3), "refused");
        assertThat(messages.report().redrivePublication(ids.get(3))).isTrue();
        List<Long> many = LongStream.rangeClosed(1_000_000, 1_000_300).boxed().toList();
        messages.publications().deletePublished(many); // the same statements, whatever the number of ids
        messages.publications().release(many);
        RoundTrip storing = new RoundTrip();
        messages.publications().store(List.of(new EventMessage("allocated", "allocated.LAMP", "LAMP", new byte[] {'{', '}'})),
                new ArrayList<>(), storing);
        database.through(relayed.dataSource()).inTransaction("storing", connection -> {
            storing.run(connection, false);
            return null;
        });
        try (Connection connection = newConnection(); Statement sql = connection.createStatement()) {
            sql.execute("DELETE FROM publications");
            connection.commit();
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String sql : relayed.executions()) {
            if (sql.startsWith("select") && sql.contains("\"publications\"")) {
                claim = sql;
            } else if (sql.startsWith("insert") && sql.contains("\"publications\"")) {
                insert = sql;
            } else if (sql.startsWith("update") || sql.startsWith("delete")) {
                byKey.put(sql, sql);
            }
        }
        assertThat(claim).as("the claim").isNotNull();
        assertThat(insert).as("the insert").isNotNull();
        return byKey;
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
        String table = List.of("products", "batches", "allocations", "publications").stream()
                .filter(name -> sql.contains("\"" + name + "\"")).findFirst().orElse("?");
        int where = sql.toLowerCase().indexOf(" where ");
        Set<String> columns = new LinkedHashSet<>();
        Matcher column = WHERE_COLUMN.matcher(where < 0 ? "" : sql.substring(where));
        while (column.find()) {
            columns.add(column.group(1));
        }
        return verb + " " + table + (columns.isEmpty() ? "" : " " + String.join(" ", columns));
    }

    private void assertIndexes(Map<String, String> statements, Function<String, Set<String>> intended, String state)
            throws SQLException {
        try (Connection connection = newConnection(); Statement sql = connection.createStatement()) {
            for (Map.Entry<String, String> statement : statements.entrySet()) {
                String plan = genericPlan(sql, statement.getValue());
                assertThat(indexesIn(plan)).as("indexes of '%s' with %s; plan:%n%s", statement.getKey(), state, plan)
                        .hasSize(1).isSubsetOf(intended.apply(statement.getKey()));
            }
            connection.rollback();
        }
    }

    /** The indexes a plan reads, in the order it names them. */
    private static Set<String> indexesIn(String plan) {
        Set<String> indexes = new LinkedHashSet<>();
        Matcher used = INDEX_USED.matcher(plan);
        while (used.find()) {
            indexes.add(used.group(1));
        }
        return indexes;
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
