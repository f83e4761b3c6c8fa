package com.made.allocation.adapters.jooq.messages;

import static com.made.allocation.adapters.jooq.schema.Tables.OUTBOX;
import static com.made.allocation.adapters.jooq.schema.Tables.PUBLICATIONS;
import static org.jooq.impl.DSL.castNull;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.update;

import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.PreparedSql;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.service.views.OutboxReport.DeadEntry;
import com.made.allocation.service.views.OutboxReport.Section;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.SQLDialect;
import org.jooq.Table;

/**
 * What the two tables of stored messages have in common, the outbox (deliveries to handlers here) and the
 * publications: a row is pending, then dead or settled (a delivery marked done, a published event
 * deleted: each table's own class does that); it is due when its retry time and its lease have both passed;
 * a failed attempt is counted on it; operators count, list and re-drive dead rows.
 */
final class MessageTable {

    static final String PENDING = "PENDING";
    static final String DONE = "DONE";
    static final String DEAD = "DEAD";

    /** The columns of one table, by what they mean, and the statuses its rows can have. */
    record Columns(Table<?> table, Field<Long> id, Field<String> status, Field<Integer> attempts,
                   Field<OffsetDateTime> due, Field<OffsetDateTime> leasedUntil, Field<String> lastError,
                   Field<OffsetDateTime> createdAt, Field<OffsetDateTime> updatedAt, Field<String> type,
                   Field<String> destination, Field<?> message, Function<Object, String> messageText,
                   List<String> statuses) {
    }

    static final Columns DELIVERIES = new Columns(OUTBOX, OUTBOX.ID, OUTBOX.STATUS, OUTBOX.ATTEMPTS,
            OUTBOX.NEXT_ATTEMPT_AT, OUTBOX.LEASED_UNTIL, OUTBOX.LAST_ERROR, OUTBOX.CREATED_AT, OUTBOX.UPDATED_AT,
            OUTBOX.MESSAGE_TYPE, OUTBOX.HANDLER, OUTBOX.PAYLOAD, String.class::cast, List.of(PENDING, DONE, DEAD));
    static final Columns PUBLISHED = new Columns(PUBLICATIONS, PUBLICATIONS.ID, PUBLICATIONS.STATUS,
            PUBLICATIONS.ATTEMPTS, PUBLICATIONS.NEXT_ATTEMPT_AT, PUBLICATIONS.LEASED_UNTIL, PUBLICATIONS.LAST_ERROR,
            PUBLICATIONS.CREATED_AT, PUBLICATIONS.UPDATED_AT, PUBLICATIONS.MESSAGE_TYPE, PUBLICATIONS.ROUTING_KEY,
            PUBLICATIONS.BODY, body -> new String((byte[]) body, StandardCharsets.UTF_8), List.of(PENDING, DEAD));

    private static final int MAX_ERROR_LENGTH = 2000;
    private static final Param<Long> ID = param("id", Long.class);
    private static final Param<String> ERROR = param("error", String.class);
    private static final Param<OffsetDateTime> NOW = param("now", OffsetDateTime.class);
    private static final Param<OffsetDateTime> DUE = param("due", OffsetDateTime.class);
    private static final Param<OffsetDateTime> UNTIL = param("until", OffsetDateTime.class);
    private static final Param<Integer> LIMIT = param("limit", Integer.class);
    private static final Field<Long> COUNT = count().coerce(Long.class).as("entries");

    /** The statements on one table, rendered once for one database. */
    private record Statements(PreparedSql lease, PreparedSql retry, PreparedSql markDead,
                              PreparedSql redrive, PreparedSql counts, PreparedSql oldestPending, PreparedSql dead) {

        Statements(SQLDialect dialect, Columns c) {
            // Many rows are changed one statement per id, as one JDBC batch: by an array of ids (= any), a
            // generic plan made while the table was empty reads the table or every pending row (checked with
            // EXPLAIN); by one id it finds the row by its key, empty or full.
            this(PreparedSql.render(dialect, update(c.table()).set(c.leasedUntil(), UNTIL).where(c.id().eq(ID))),
                    PreparedSql.render(dialect, update(c.table()).set(c.attempts(), c.attempts().plus(inline(1)))
                            .set(c.lastError(), ERROR).set(c.due(), DUE).set(c.leasedUntil(), castNull(c.leasedUntil()))
                            .set(c.updatedAt(), NOW).where(c.id().eq(ID).and(c.status().eq(inline(PENDING))))),
                    PreparedSql.render(dialect, update(c.table()).set(c.status(), inline(DEAD))
                            .set(c.attempts(), c.attempts().plus(inline(1))).set(c.lastError(), ERROR)
                            .set(c.leasedUntil(), castNull(c.leasedUntil())).set(c.updatedAt(), NOW)
                            .where(c.id().eq(ID).and(c.status().eq(inline(PENDING))))),
                    PreparedSql.render(dialect, update(c.table()).set(c.status(), inline(PENDING))
                            .set(c.attempts(), inline(0)).set(c.due(), DUE).set(c.leasedUntil(), castNull(c.leasedUntil()))
                            .set(c.updatedAt(), NOW).where(c.id().eq(ID).and(c.status().eq(inline(DEAD))))),
                    PreparedSql.render(dialect, select(c.status(), COUNT).from(c.table()).groupBy(c.status())),
                    PreparedSql.render(dialect, select(min(c.createdAt()).as(c.createdAt().getName()))
                            .from(c.table()).where(c.status().eq(inline(PENDING)))),
                    PreparedSql.render(dialect, select(c.id(), c.type(), c.message(), c.destination(), c.attempts(),
                            c.lastError(), c.updatedAt()).from(c.table()).where(c.status().eq(inline(DEAD)))
                            .orderBy(c.id()).limit(LIMIT)));
        }
    }

    private final Database database;
    private final Columns columns;
    private final Clock clock;
    private final CompletableFuture<Statements> statements;

    MessageTable(Database database, Columns columns, Clock clock) {
        this.database = database;
        this.columns = columns;
        this.clock = clock;
        this.statements = PreparedSql.inBackground(() -> new Statements(database.dialect(), columns));
    }

    /** Leases claimed rows until {@code until}, in the claim's transaction. */
    void lease(Connection connection, Collection<Long> ids, OffsetDateTime until) throws SQLException {
        if (!ids.isEmpty()) {
            RoundTrip.batch(connection,
                    ids.stream().map(id -> statements().lease().with(ID, id).with(UNTIL, until)).toList());
        }
    }

    void scheduleRetry(long id, String error, Instant nextAttempt) {
        run("recording a failed attempt", statements().retry().with(ID, id).with(ERROR, truncated(error))
                .with(DUE, OffsetDateTime.ofInstant(nextAttempt, ZoneOffset.UTC)).with(NOW, now()));
    }

    void markDead(long id, String error) {
        run("parking as dead", statements().markDead().with(ID, id).with(ERROR, truncated(error)).with(NOW, now()));
    }

    /** Makes a dead row pending again, due now, with its attempts reset; false when it is not dead. */
    boolean redrive(long id) {
        OffsetDateTime now = now();
        return run("re-driving", statements().redrive().with(ID, id).with(DUE, now).with(NOW, now)) == 1;
    }

    /** Counts by status, the age of the oldest pending row, and up to {@code deadLimit} dead rows. */
    Section section(Connection connection, int deadLimit) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : columns.statuses()) {
            counts.put(status, 0L);
        }
        List<OffsetDateTime> oldest = new ArrayList<>();
        List<DeadEntry> dead = new ArrayList<>();
        Columns c = columns;
        new RoundTrip().query(statements().counts().bound(), row -> counts.put(row.get(c.status()), row.get(COUNT)))
                .query(statements().oldestPending().bound(), row -> oldest.add(row.get(c.createdAt())))
                .query(statements().dead().with(LIMIT, deadLimit), row -> dead.add(new DeadEntry(row.get(c.id()),
                        row.get(c.type()), c.messageText().apply(row.get(c.message())), row.get(c.destination()),
                        row.get(c.attempts()), row.get(c.lastError()), row.get(c.updatedAt()).toInstant())))
                .run(connection, false);
        Optional<Duration> oldestPendingAge = oldest.stream().filter(Objects::nonNull).findFirst()
                .map(created -> Duration.between(created.toInstant(), clock.instant()));
        return new Section(counts, oldestPendingAge, dead);
    }

    private int run(String what, PreparedSql.Bound write) {
        return database.inTransaction(what, connection -> RoundTrip.update(connection, write));
    }

    private Statements statements() {
        return statements.join();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String truncated(String error) {
        String text = error == null ? "" : error;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
