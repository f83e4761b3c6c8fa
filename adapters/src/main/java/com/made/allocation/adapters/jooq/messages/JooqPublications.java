package com.made.allocation.adapters.jooq.messages;

import static com.made.allocation.adapters.jooq.messages.MessageTable.PENDING;
import static com.made.allocation.adapters.jooq.schema.Tables.PUBLICATIONS;
import static org.jooq.impl.DSL.deleteFrom;
import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.insertInto;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;

import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.PreparedSql;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.service.outbox.EventMessage;
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
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.SQLDialect;

/**
 * The publications table: events to publish, stored by the units of work at commit in the form they go
 * to the broker, claimed and settled here by the relay in short transactions of their own. A publication
 * the broker confirmed is deleted: the table holds only what waits (and what was refused for good), so a
 * claim reads what waits, however much went out before.
 */
public final class JooqPublications implements Publications {

    // Claims are taken one at a time across instances (see claim).
    static final long CLAIMS_LOCK = 0x616c6c6f63L; // "alloc"

    private static final Param<String> MESSAGE_TYPE = param("message_type", String.class);
    private static final Param<String> ROUTING_KEY = param("routing_key", String.class);
    private static final Param<String> ORDERING_KEY = param("ordering_key", String.class);
    private static final Param<byte[]> BODY = param("body", byte[].class);
    private static final Param<OffsetDateTime> NOW = param("now", OffsetDateTime.class);
    private static final Param<OffsetDateTime> CREATED = param("created_at", OffsetDateTime.class);
    private static final Param<OffsetDateTime> DUE = param("next_attempt_at", OffsetDateTime.class);
    private static final Param<OffsetDateTime> NOW_WAITING = param("now_waiting", OffsetDateTime.class);
    private static final Param<OffsetDateTime> NOW_LEASED = param("now_leased", OffsetDateTime.class);
    private static final Param<OffsetDateTime> NOW_UNLEASED = param("now_unleased", OffsetDateTime.class);
    private static final Param<Integer> LIMIT = param("limit", Integer.class);
    private static final Param<Long> ID = param("id", Long.class);
    private static final Param<Long> LOCK_KEY = param("lock_key", Long.class);

    /** The statements of this table alone, rendered once for one database. */
    private record Statements(PreparedSql insert, Optional<PreparedSql> claimsLock, PreparedSql claim,
                              PreparedSql delete) {

        Statements(SQLDialect dialect) {
            this(PreparedSql.render(dialect, insertInto(PUBLICATIONS, PUBLICATIONS.MESSAGE_TYPE,
                                    PUBLICATIONS.ROUTING_KEY, PUBLICATIONS.ORDERING_KEY, PUBLICATIONS.BODY,
                                    PUBLICATIONS.STATUS, PUBLICATIONS.NEXT_ATTEMPT_AT, PUBLICATIONS.CREATED_AT,
                                    PUBLICATIONS.UPDATED_AT)
                            .values(MESSAGE_TYPE, ROUTING_KEY, ORDERING_KEY, BODY, inline(PENDING), DUE, CREATED, NOW)),
                    // H2, embedded, has one instance only.
                    dialect == SQLDialect.H2 ? Optional.empty() : Optional.of(PreparedSql.render(dialect,
                            select(function("pg_advisory_xact_lock", Object.class, LOCK_KEY)))),
                    PreparedSql.render(dialect, claimQuery()),
                    PreparedSql.render(dialect, deleteFrom(PUBLICATIONS).where(PUBLICATIONS.ID.eq(ID))));
        }

        /**
         * The due publications whose key has no earlier one waiting, in id order. The first publication of
         * each key that is leased elsewhere or waits for a retry holds its key's later ones back. Both parts
         * read only pending rows, by (status, id): the claim up to its limit, the waiting ones among all
         * pending (a backlog of 40,000 in about 20 ms).
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
    private final Duration lease;
    private final Clock clock;
    private final CompletableFuture<Statements> statements;

    /**
     * @param lease how long a claim leaves the publications to the relay that took them, before another
     *              instance's may take them over
     */
    JooqPublications(Database database, MessageTable table, Duration lease, Clock clock) {
        this.database = database;
        this.table = table;
        this.lease = lease;
        this.clock = clock;
        this.statements = PreparedSql.inBackground(() -> new Statements(database.dialect()));
    }

    /** The insert of a publication, due at once: it goes with the unit of work's other writes. */
    public PreparedSql.Bound store(EventMessage message) {
        OffsetDateTime now = now();
        return statements().insert().with(MESSAGE_TYPE, message.type()).with(ROUTING_KEY, message.routingKey())
                .with(ORDERING_KEY, message.orderingKey()).with(BODY, message.body())
                .with(DUE, now).with(CREATED, now).with(NOW, now);
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
            table.lease(connection, claimed.stream().map(Publication::id).toList(), now.plus(lease));
            return claimed;
        });
    }

    @Override
    public void deletePublished(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            database.inTransaction("deleting published", connection -> RoundTrip.batch(connection,
                    ids.stream().map(id -> statements().delete().with(ID, id)).toList()));
        }
    }

    @Override
    public void release(Collection<Long> ids) {
        table.release(ids);
    }

    @Override
    public void scheduleRetry(long id, String error, Instant nextAttempt) {
        table.scheduleRetry(id, error, nextAttempt);
    }

    @Override
    public void markDead(long id, String error) {
        table.markDead(id, error);
    }

    private Statements statements() {
        return statements.join();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
