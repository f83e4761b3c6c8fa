package com.made.allocation.adapters.jooq.messages;

import static com.made.allocation.adapters.jooq.messages.MessageTable.PENDING;
import static com.made.allocation.adapters.jooq.schema.Tables.PUBLICATIONS;
import static org.jooq.impl.DSL.cast;
import static org.jooq.impl.DSL.castNull;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.deleteFrom;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.insertInto;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
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

    private static final Param<String[]> MESSAGE_TYPES = param("message_types", String[].class);
    private static final Param<String[]> ROUTING_KEYS = param("routing_keys", String[].class);
    private static final Param<String[]> ORDERING_KEYS = param("ordering_keys", String[].class);
    private static final Param<byte[][]> BODIES = param("bodies", byte[][].class);
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
     * one statement, by an array of their ids: by the primary key once ANALYZE saw rows (autovacuum runs it
     * after 50 changed rows); while the table is believed empty, a generic plan reads its few pages.
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
         * The insert of a commit's publications, one statement for all of them, in the order given, due at
         * once. Each records the latest pending one of its key before this commit, if any ({@code follows}),
         * and is leased to the committing instance when that one is leased to the instance too, and its
         * lease runs (or there is none): the instance's relay will know what became of it, so it can publish
         * the new one from memory right after. The latest is read by (ordering_key, status, id): one probe,
         * however many of the key wait. The rows come back in the order given, with ascending ids.
         */
        private static Query insertQuery() {
            Name events = name("events");
            Field<String> type = field(name("events", "message_type"), String.class);
            Field<String> routingKey = field(name("events", "routing_key"), String.class);
            Field<String> orderingKey = field(name("events", "ordering_key"), String.class);
            Field<byte[]> body = field(name("events", "body"), byte[].class);
            Field<Long> position = field(name("events", "position"), Long.class);
            Table<?> given = table("unnest({0}, {1}, {2}, {3}) with ordinality as {4}({5}, {6}, {7}, {8}, {9})",
                    cast(MESSAGE_TYPES, PUBLICATIONS.MESSAGE_TYPE.getDataType().getArrayDataType()),
                    cast(ROUTING_KEYS, PUBLICATIONS.ROUTING_KEY.getDataType().getArrayDataType()),
                    cast(ORDERING_KEYS, PUBLICATIONS.ORDERING_KEY.getDataType().getArrayDataType()),
                    cast(BODIES, SQLDataType.VARBINARY.getArrayDataType()), events, type.getUnqualifiedName(),
                    routingKey.getUnqualifiedName(), orderingKey.getUnqualifiedName(), body.getUnqualifiedName(),
                    position.getUnqualifiedName());
            // Subqueries in the select list, so each event reads its key by the index, whatever the plan: as a
            // join, a plan made while the table was small would hash all of it for every commit.
            var pending = PUBLICATIONS.as("pending");
            Field<Long> follows = select(max(pending.ID)).from(pending)
                    .where(pending.ORDERING_KEY.eq(orderingKey).and(pending.STATUS.eq(inline(PENDING)))).asField();
            var latest = PUBLICATIONS.as("latest");
            Field<Integer> latestLeasedHere = select(when(latest.LEASED_BY.eq(HOLDER_OF_LATEST)
                    .and(latest.LEASED_UNTIL.gt(NOW_LATEST)), inline(1)).else_(inline(0))).from(latest)
                    .where(latest.ORDERING_KEY.eq(orderingKey).and(latest.STATUS.eq(inline(PENDING))))
                    .orderBy(latest.ID.desc()).limit(inline(1)).asField();
            Condition leasedHere = coalesce(latestLeasedHere, inline(1)).eq(inline(1)); // or none is pending
            // leased_by names this instance either way: it means nothing without leased_until.
            return insertInto(PUBLICATIONS, PUBLICATIONS.MESSAGE_TYPE, PUBLICATIONS.ROUTING_KEY,
                    PUBLICATIONS.ORDERING_KEY, PUBLICATIONS.BODY, PUBLICATIONS.STATUS, PUBLICATIONS.NEXT_ATTEMPT_AT,
                    PUBLICATIONS.CREATED_AT, PUBLICATIONS.UPDATED_AT, PUBLICATIONS.LEASED_UNTIL,
                    PUBLICATIONS.LEASED_BY, PUBLICATIONS.FOLLOWS)
                    .select(select(type, routingKey, orderingKey, body, inline(PENDING),
                            typed(DUE, PUBLICATIONS.NEXT_ATTEMPT_AT), typed(CREATED, PUBLICATIONS.CREATED_AT),
                            typed(NOW, PUBLICATIONS.UPDATED_AT), when(leasedHere, typed(UNTIL, PUBLICATIONS.LEASED_UNTIL)),
                            typed(HOLDER, PUBLICATIONS.LEASED_BY), follows).from(given).orderBy(position))
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
     * Adds to {@code trip} the insert of {@code messages}, due now, leased to this instance where the latest
     * pending one of their key is too; what was stored is added to {@code stored}, in order, when the trip
     * runs. In the unit of work's round trip, after the product's writes: the product's row lock makes the
     * ids of a key follow the commit order.
     */
    public void store(List<EventMessage> messages, List<StoredPublication> stored, RoundTrip trip) {
        if (messages.isEmpty()) {
            return;
        }
        OffsetDateTime now = now();
        trip.query(statements().insert()
                        .with(MESSAGE_TYPES, messages.stream().map(EventMessage::type).toArray(String[]::new))
                        .with(ROUTING_KEYS, messages.stream().map(EventMessage::routingKey).toArray(String[]::new))
                        .with(ORDERING_KEYS, messages.stream().map(EventMessage::orderingKey).toArray(String[]::new))
                        .with(BODIES, messages.stream().map(EventMessage::body).toArray(byte[][]::new))
                        .with(DUE, now).with(CREATED, now).with(NOW, now).with(HOLDER_OF_LATEST, instance)
                        .with(NOW_LATEST, now).with(UNTIL, now.plus(lease)).with(HOLDER, instance),
                new StoredInOrder(messages, stored));
    }

    /**
     * Reads the rows of an insert, which come in the order of its messages. An event of a key that this
     * commit stored before follows that one: the statement's own rows are not visible to its reads, so the
     * row names the latest pending one before the commit.
     */
    private static final class StoredInOrder implements Consumer<RoundTrip.Row> {
        private final List<EventMessage> messages;
        private final List<StoredPublication> stored;
        private final Map<String, Long> latestOfKey = new HashMap<>();
        private int next;
        private long lastId = Long.MIN_VALUE;

        StoredInOrder(List<EventMessage> messages, List<StoredPublication> stored) {
            this.messages = messages;
            this.stored = stored;
        }

        @Override
        public void accept(RoundTrip.Row row) {
            long id = row.get(PUBLICATIONS.ID);
            if (id <= lastId) {
                throw new IllegalStateException("publications stored out of their order: " + id + " after " + lastId);
            }
            lastId = id;
            EventMessage message = messages.get(next++);
            Long follows = latestOfKey.getOrDefault(message.orderingKey(), row.get(PUBLICATIONS.FOLLOWS));
            latestOfKey.put(message.orderingKey(), id);
            stored.add(new StoredPublication(id, message, follows, instantOf(row.get(PUBLICATIONS.LEASED_UNTIL))));
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
