package com.made.allocation.adapters.jooq.messages;

import static com.made.allocation.adapters.jooq.messages.MessageTable.PENDING;
import static com.made.allocation.adapters.jooq.schema.Tables.PUBLICATIONS;
import static org.jooq.impl.DSL.cast;
import static org.jooq.impl.DSL.castNull;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.deleteFrom;
import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.insertInto;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.update;
import static org.jooq.impl.DSL.when;

import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.PreparedSql;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.outbox.StoredPublication;
import com.made.allocation.service.publishing.Publication;
import com.made.allocation.service.publishing.Publications;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The publications table: events to publish, stored by the units of work at commit in the form they go
 * to the broker, claimed and settled here by the relay in short transactions of their own. A publication
 * is stored leased to the instance that commits it when no earlier pending one of its key is another's: that
 * instance publishes it from memory. A publication the broker confirmed is deleted: the table holds only
 * what waits (and what was refused for good), so a claim reads what waits, however much went out before.
 */
public final class JooqPublications implements Publications {

    /** The key of the advisory lock a claim takes: claims are taken one at a time across instances. */
    public static final long CLAIMS_LOCK = 0x616c6c6f63L; // "alloc"

    private static final Param<String> MESSAGE_TYPE = param("message_type", String.class);
    private static final Param<String> ROUTING_KEY = param("routing_key", String.class);
    private static final Param<String> ORDERING_KEY = param("ordering_key", String.class);
    private static final Param<String> KEY_OF_LATEST = param("key_of_latest", String.class);
    private static final Param<byte[]> BODY = param("body", byte[].class);
    private static final Param<OffsetDateTime> NOW = param("now", OffsetDateTime.class);
    private static final Param<OffsetDateTime> CREATED = param("created_at", OffsetDateTime.class);
    private static final Param<OffsetDateTime> DUE = param("next_attempt_at", OffsetDateTime.class);
    private static final Param<OffsetDateTime> UNTIL = param("leased_until", OffsetDateTime.class);
    private static final Param<String> HOLDER = param("leased_by", String.class);
    private static final Param<String> HOLDER_OF_LATEST = param("holder_of_latest", String.class);
    private static final Param<OffsetDateTime> NOW_LATEST = param("now_latest", OffsetDateTime.class);
    private static final Param<OffsetDateTime> NOW_WAITING = param("now_waiting", OffsetDateTime.class);
    private static final Param<OffsetDateTime> NOW_LEASED = param("now_leased", OffsetDateTime.class);
    private static final Param<OffsetDateTime> NOW_UNLEASED = param("now_unleased", OffsetDateTime.class);
    private static final Param<Integer> LIMIT = param("limit", Integer.class);
    private static final Param<Long> LOCK_KEY = param("lock_key", Long.class);
    private static final Param<Long[]> IDS = param("ids", Long[].class);

    /**
     * The statements of this table alone, rendered once for one database. Many publications are changed by
     * one statement, by an array of their ids. The relay's statements (claim, lease, give back, delete) run a
     * few times a second, each for a whole round: they are planned at each run, with the table's size of the
     * moment. A plan kept from when the table was nearly empty reads all its pages, and the table grows by a
     * backlog, or by deleted rows while vacuum lags: such a delete took 1.6 ms a round after 70,000 events
     * with autovacuum off. The insert runs with every allocation, and is kept prepared.
     */
    private record Statements(PreparedSql insert, Optional<PreparedSql> claimsLock, PreparedSql claim,
                              PreparedSql lease, PreparedSql release, PreparedSql delete) {

        Statements(SQLDialect dialect) {
            this(PreparedSql.render(dialect, insertQuery()),
                    // H2, embedded, has one instance only.
                    dialect == SQLDialect.H2 ? Optional.empty() : Optional.of(PreparedSql.render(dialect,
                            select(function("pg_advisory_xact_lock", Object.class, LOCK_KEY)))),
                    PreparedSql.render(dialect, claimQuery()).plannedEachRun(),
                    PreparedSql.render(dialect, update(PUBLICATIONS).set(PUBLICATIONS.LEASED_UNTIL, UNTIL)
                            .set(PUBLICATIONS.LEASED_BY, HOLDER).where(idIsOneOf(IDS))).plannedEachRun(),
                    // Only the lease of this instance: once it ran out, another instance may hold it.
                    PreparedSql.render(dialect, update(PUBLICATIONS)
                            .set(PUBLICATIONS.LEASED_UNTIL, castNull(PUBLICATIONS.LEASED_UNTIL))
                            .set(PUBLICATIONS.LEASED_BY, castNull(PUBLICATIONS.LEASED_BY))
                            .where(idIsOneOf(IDS).and(PUBLICATIONS.LEASED_BY.eq(HOLDER)))).plannedEachRun(),
                    PreparedSql.render(dialect, deleteFrom(PUBLICATIONS).where(idIsOneOf(IDS))).plannedEachRun());
        }

        /**
         * {@code id = any(?)}, the ids bound as one array. Written as a template: jOOQ's {@code any()} unfolds
         * an array parameter into its values when it renders, and this one has none yet.
         */
        private static Condition idIsOneOf(Param<Long[]> ids) {
            return condition("{0} = any({1})", PUBLICATIONS.ID, ids);
        }

        /**
         * The insert of a publication, due at once, after the latest pending one of its key (if any), which
         * it records as the one it follows. It is leased to the committing instance when that one is leased
         * to the instance too, and its lease runs (or there is none): the instance's relay will know what
         * became of it, so it can publish the new one from memory right after. Read by (ordering_key,
         * status, id): one probe, however many of the key wait.
         */
        private static Query insertQuery() {
            Table<?> latest = select(PUBLICATIONS.ID, PUBLICATIONS.LEASED_BY, PUBLICATIONS.LEASED_UNTIL)
                    .from(PUBLICATIONS)
                    .where(PUBLICATIONS.ORDERING_KEY.eq(KEY_OF_LATEST).and(PUBLICATIONS.STATUS.eq(inline(PENDING))))
                    .orderBy(PUBLICATIONS.ID.desc()).limit(inline(1)).asTable("latest");
            // Aggregates make one row of it, whether the key has a pending publication or not.
            Field<Long> follows = max(latest.field(PUBLICATIONS.ID)).as("follows");
            Field<Integer> pending = count().as("pending");
            Field<Integer> held = count().filterWhere(latest.field(PUBLICATIONS.LEASED_BY).eq(HOLDER_OF_LATEST)
                    .and(latest.field(PUBLICATIONS.LEASED_UNTIL).gt(NOW_LATEST))).as("held_here");
            Table<?> before = select(follows, pending, held).from(latest).asTable("before_it");
            Condition leasedHere = before.field(pending).eq(before.field(held));
            return insertInto(PUBLICATIONS, PUBLICATIONS.MESSAGE_TYPE, PUBLICATIONS.ROUTING_KEY,
                    PUBLICATIONS.ORDERING_KEY, PUBLICATIONS.BODY, PUBLICATIONS.STATUS, PUBLICATIONS.NEXT_ATTEMPT_AT,
                    PUBLICATIONS.CREATED_AT, PUBLICATIONS.UPDATED_AT, PUBLICATIONS.LEASED_UNTIL,
                    PUBLICATIONS.LEASED_BY, PUBLICATIONS.FOLLOWS)
                    .select(select(typed(MESSAGE_TYPE, PUBLICATIONS.MESSAGE_TYPE),
                            typed(ROUTING_KEY, PUBLICATIONS.ROUTING_KEY), typed(ORDERING_KEY, PUBLICATIONS.ORDERING_KEY),
                            cast(BODY, SQLDataType.VARBINARY), inline(PENDING), typed(DUE, PUBLICATIONS.NEXT_ATTEMPT_AT),
                            typed(CREATED, PUBLICATIONS.CREATED_AT), typed(NOW, PUBLICATIONS.UPDATED_AT),
                            when(leasedHere, typed(UNTIL, PUBLICATIONS.LEASED_UNTIL)),
                            when(leasedHere, typed(HOLDER, PUBLICATIONS.LEASED_BY)), before.field(follows)).from(before))
                    .returningResult(PUBLICATIONS.ID, PUBLICATIONS.LEASED_UNTIL, PUBLICATIONS.FOLLOWS);
        }

        /**
         * A value with its column's type: in a select list, H2 cannot tell the type of a bare parameter. (The
         * body is cast to VARBINARY, as H2 in PostgreSQL mode names no BLOB.)
         */
        private static <T> Field<T> typed(Param<T> value, Field<T> column) {
            return cast(value, column.getDataType());
        }

        /**
         * The due publications whose key has no earlier one waiting, in id order. The first publication of
         * each key that is leased (here or elsewhere) or waits for a retry holds its key's later ones back.
         * Both parts read only pending rows, by (status, id): the claim up to its limit, the waiting ones
         * among all pending (a backlog of 40,000 in about 20 ms).
         */
        private static Query claimQuery() {
            Field<Long> firstId = min(PUBLICATIONS.ID).as("first_waiting_id");
            var waiting = select(PUBLICATIONS.ORDERING_KEY, firstId).from(PUBLICATIONS)
                    .where(PUBLICATIONS.STATUS.eq(inline(PENDING))
                            .and(PUBLICATIONS.NEXT_ATTEMPT_AT.gt(NOW_WAITING)
                                    .or(PUBLICATIONS.LEASED_UNTIL.gt(NOW_LEASED))))
                    .groupBy(PUBLICATIONS.ORDERING_KEY).asTable("waiting");
            Field<Long> waitingFrom = waiting.field(firstId);
            return select(PUBLICATIONS.ID, PUBLICATIONS.MESSAGE_TYPE, PUBLICATIONS.ROUTING_KEY,
                    PUBLICATIONS.ORDERING_KEY, PUBLICATIONS.BODY, PUBLICATIONS.ATTEMPTS).from(PUBLICATIONS)
                    .leftJoin(waiting).on(waiting.field(PUBLICATIONS.ORDERING_KEY).eq(PUBLICATIONS.ORDERING_KEY))
                    .where(PUBLICATIONS.STATUS.eq(inline(PENDING)).and(PUBLICATIONS.NEXT_ATTEMPT_AT.le(NOW))
                            .and(PUBLICATIONS.LEASED_UNTIL.isNull().or(PUBLICATIONS.LEASED_UNTIL.le(NOW_UNLEASED)))
                            .and(waitingFrom.isNull().or(PUBLICATIONS.ID.lt(waitingFrom))))
                    .orderBy(PUBLICATIONS.ID).limit(LIMIT);
        }
    }

    private final Database database;
    private final MessageTable table;
    private final String instance;
    private final Duration lease;
    private final Clock clock;
    private final CompletableFuture<Statements> statements;

    /**
     * @param instance this instance's name for its leases, its own for the life of the process
     * @param lease    how long a claim or a commit leaves the publications to this instance, before another
     *                 instance's relay may take them over
     */
    JooqPublications(Database database, MessageTable table, String instance, Duration lease, Clock clock) {
        this.database = database;
        this.table = table;
        this.instance = instance;
        this.lease = lease;
        this.clock = clock;
        this.statements = PreparedSql.inBackground(() -> new Statements(database.dialect()));
    }

    /**
     * Adds to {@code trip} the inserts of publications, due now, leased to this instance where the latest
     * pending one of their key is too; each adds what was stored to {@code stored} when the trip runs. In
     * the unit of work's round trip, after the product's writes: the product's row lock makes the ids of a
     * key follow the commit order.
     */
    public void store(List<EventMessage> messages, List<StoredPublication> stored, RoundTrip trip) {
        OffsetDateTime now = now();
        OffsetDateTime until = now.plus(lease);
        for (EventMessage message : messages) {
            trip.query(statements().insert().with(MESSAGE_TYPE, message.type()).with(ROUTING_KEY, message.routingKey())
                    .with(ORDERING_KEY, message.orderingKey()).with(KEY_OF_LATEST, message.orderingKey())
                    .with(BODY, message.body()).with(DUE, now).with(CREATED, now).with(NOW, now)
                    .with(HOLDER_OF_LATEST, instance).with(NOW_LATEST, now).with(UNTIL, until).with(HOLDER, instance),
                    row -> stored.add(new StoredPublication(row.get(PUBLICATIONS.ID), message,
                            row.get(PUBLICATIONS.FOLLOWS), instantOf(row.get(PUBLICATIONS.LEASED_UNTIL)))));
        }
    }

    @Override
    public List<Publication> claim(int limit) {
        return database.inTransaction("claiming publications", connection -> {
            // One claim at a time across instances: with SKIP LOCKED, two claims side by side could each
            // take one event of a SKU, and the later one could then be published first.
            statements().claimsLock().ifPresent(lock ->
                    new RoundTrip().query(lock.with(LOCK_KEY, CLAIMS_LOCK), row -> { }).run(connection, false));
            // Once it is this claim's turn: a lease counted from before a wait would end early.
            OffsetDateTime now = now();
            List<Publication> claimed = new ArrayList<>();
            new RoundTrip().query(statements().claim().with(NOW_WAITING, now).with(NOW_LEASED, now).with(NOW, now)
                    .with(NOW_UNLEASED, now).with(LIMIT, limit), row -> claimed.add(new Publication(
                            row.get(PUBLICATIONS.ID), new EventMessage(row.get(PUBLICATIONS.MESSAGE_TYPE),
                            row.get(PUBLICATIONS.ROUTING_KEY), row.get(PUBLICATIONS.ORDERING_KEY),
                            row.get(PUBLICATIONS.BODY)), row.get(PUBLICATIONS.ATTEMPTS))))
                    .run(connection, false);
            if (!claimed.isEmpty()) {
                RoundTrip.update(connection, statements().lease().with(IDS, idsOf(claimed.stream().map(Publication::id)
                        .toList())).with(UNTIL, now.plus(lease)).with(HOLDER, instance));
            }
            return claimed;
        });
    }

    @Override
    public void deletePublished(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            database.inTransaction("deleting published", connection ->
                    RoundTrip.update(connection, statements().delete().with(IDS, idsOf(ids))));
        }
    }

    @Override
    public void release(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            database.inTransaction("releasing", connection -> RoundTrip.update(connection,
                    statements().release().with(IDS, idsOf(ids)).with(HOLDER, instance)));
        }
    }

    @Override
    public void scheduleRetry(long id, String error, Instant nextAttempt) {
        table.scheduleRetry(id, error, nextAttempt);
    }

    @Override
    public void markDead(long id, String error) {
        table.markDead(id, error);
    }

    private static Long[] idsOf(Collection<Long> ids) {
        return ids.toArray(Long[]::new);
    }

    private Statements statements() {
        return statements.join();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Instant instantOf(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
