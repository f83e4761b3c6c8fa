package com.made.allocation.adapters.jooq.messages;

import static com.made.allocation.adapters.jooq.messages.MessageTable.DONE;
import static com.made.allocation.adapters.jooq.messages.MessageTable.PENDING;
import static com.made.allocation.adapters.jooq.schema.Tables.OUTBOX;
import static org.jooq.impl.DSL.castNull;
import static org.jooq.impl.DSL.deleteFrom;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.insertInto;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.update;

import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.PreparedSql;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.service.outbox.Delivery.Envelope;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jooq.Param;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox table: deliveries of follow-on messages to the handlers here. Units of work store them and
 * mark them done inside their own transactions; claims and failures run in short transactions of their own.
 *
 * <p>A stored delivery is leased at once to the process that stored it, which handles it right after its
 * commit; the lease only runs out, and a dispatcher only claims the delivery, if that process died first.
 */
public final class JooqDeliveries implements Outbox {

    private static final Logger log = LoggerFactory.getLogger(JooqDeliveries.class);

    private static final Param<String> MESSAGE_TYPE = param("message_type", String.class);
    private static final Param<String> PAYLOAD = param("payload", String.class);
    private static final Param<String> HANDLER = param("handler", String.class);
    private static final Param<String> REQUEST_ID = param("request_id", String.class);
    private static final Param<OffsetDateTime> NOW = param("now", OffsetDateTime.class);
    private static final Param<OffsetDateTime> CREATED = param("created_at", OffsetDateTime.class);
    private static final Param<OffsetDateTime> LEASED_UNTIL = param("leased_until", OffsetDateTime.class);
    private static final Param<OffsetDateTime> UNLEASED_AT = param("unleased_at", OffsetDateTime.class);
    private static final Param<Integer> LIMIT = param("limit", Integer.class);
    private static final Param<Long> ID = param("id", Long.class);

    /** The statements of this table alone, rendered once for one database. */
    private record Statements(PreparedSql insert, PreparedSql claimDue, PreparedSql markDone, PreparedSql purge) {

        Statements(SQLDialect dialect) {
            this(PreparedSql.render(dialect, insertInto(OUTBOX, OUTBOX.MESSAGE_TYPE, OUTBOX.PAYLOAD, OUTBOX.HANDLER,
                            OUTBOX.STATUS, OUTBOX.NEXT_ATTEMPT_AT, OUTBOX.LEASED_UNTIL, OUTBOX.CREATED_AT,
                            OUTBOX.UPDATED_AT, OUTBOX.REQUEST_ID)
                            .values(MESSAGE_TYPE, PAYLOAD, HANDLER, inline(PENDING), NOW, LEASED_UNTIL, CREATED,
                                    UNLEASED_AT, REQUEST_ID)
                            .returningResult(OUTBOX.ID)),
                    PreparedSql.render(dialect, claimDue(dialect)),
                    PreparedSql.render(dialect, update(OUTBOX).set(OUTBOX.STATUS, inline(DONE))
                            .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(inline(1)))
                            .set(OUTBOX.LEASED_UNTIL, castNull(OUTBOX.LEASED_UNTIL)).set(OUTBOX.UPDATED_AT, NOW)
                            .where(OUTBOX.ID.eq(ID).and(OUTBOX.STATUS.eq(inline(PENDING))))),
                    PreparedSql.render(dialect, deleteFrom(OUTBOX)
                            .where(OUTBOX.STATUS.eq(inline(DONE)).and(OUTBOX.UPDATED_AT.lt(NOW)))));
        }

        private static org.jooq.Query claimDue(SQLDialect dialect) {
            var due = select(OUTBOX.ID, OUTBOX.MESSAGE_TYPE, OUTBOX.PAYLOAD, OUTBOX.HANDLER, OUTBOX.ATTEMPTS,
                    OUTBOX.REQUEST_ID).from(OUTBOX)
                    .where(OUTBOX.STATUS.eq(inline(PENDING)).and(OUTBOX.NEXT_ATTEMPT_AT.le(NOW))
                            .and(OUTBOX.LEASED_UNTIL.isNull().or(OUTBOX.LEASED_UNTIL.le(UNLEASED_AT))))
                    .orderBy(OUTBOX.ID).limit(LIMIT).forUpdate();
            // SKIP LOCKED lets several instances claim side by side; embedded H2 has only one instance.
            return dialect == SQLDialect.H2 ? due : due.skipLocked();
        }
    }

    private final Database database;
    private final MessageTable table;
    private final MessageCodec codec;
    private final Duration lease;
    private final Clock clock;
    private final CompletableFuture<Statements> statements;

    /**
     * @param lease how long a claimed or freshly stored delivery is left to the process that has it, before
     *              a dispatcher may take it over; longer than handling one ever takes
     */
    JooqDeliveries(Database database, MessageTable table, MessageCodec codec, Duration lease, Clock clock) {
        this.database = database;
        this.table = table;
        this.codec = codec;
        this.lease = lease;
        this.clock = clock;
        this.statements = PreparedSql.inBackground(() -> new Statements(database.dialect()));
    }

    /**
     * Adds to {@code trip} the inserts of deliveries, due now and leased to this process, each adding its id
     * to {@code ids} when the trip runs.
     */
    public void store(List<Envelope> envelopes, List<Long> ids, RoundTrip trip) {
        OffsetDateTime now = now();
        for (Envelope envelope : envelopes) {
            trip.query(statements.join().insert().with(MESSAGE_TYPE, codec.typeOf(envelope.message()))
                    .with(PAYLOAD, codec.encode(envelope.message())).with(HANDLER, envelope.handler())
                    .with(NOW, now).with(LEASED_UNTIL, now.plus(lease)).with(CREATED, now).with(UNLEASED_AT, now)
                    .with(REQUEST_ID, envelope.requestId()), row -> ids.add(row.get(OUTBOX.ID)));
        }
    }

    /** The update that marks a delivery done; it changes no row when the delivery was done already. */
    public PreparedSql.Bound markDone(Delivery delivery) {
        return statements.join().markDone().with(ID, delivery.id()).with(NOW, now());
    }

    @Override
    public List<Delivery> claimDue(int limit) {
        OffsetDateTime now = now();
        List<Delivery> claimed = new ArrayList<>();
        List<Long> unreadable = new ArrayList<>();
        database.inTransaction("claiming deliveries", connection -> {
            List<Long> ids = new ArrayList<>();
            new RoundTrip().query(statements.join().claimDue().with(NOW, now).with(UNLEASED_AT, now).with(LIMIT, limit),
                    row -> {
                        long id = row.get(OUTBOX.ID);
                        ids.add(id);
                        try {
                            claimed.add(new Delivery(id, codec.decode(row.get(OUTBOX.MESSAGE_TYPE),
                                    row.get(OUTBOX.PAYLOAD)), row.get(OUTBOX.HANDLER), row.get(OUTBOX.ATTEMPTS),
                                    row.get(OUTBOX.REQUEST_ID)));
                        } catch (IllegalArgumentException undecodable) {
                            log.error("Outbox entry {} cannot be read, parked as dead: {}", id,
                                    undecodable.getMessage());
                            unreadable.add(id);
                        }
                    }).run(connection, false);
            table.lease(connection, ids, now.plus(lease));
            return null;
        });
        unreadable.forEach(id -> markDead(id, "cannot be read"));
        return claimed;
    }

    @Override
    public void scheduleRetry(long id, String error, Instant nextAttempt) {
        table.scheduleRetry(id, error, nextAttempt);
    }

    @Override
    public void markDead(long id, String error) {
        table.markDead(id, error);
    }

    @Override
    public int purgeDoneBefore(Instant cutoff) {
        return database.inTransaction("purging", connection -> RoundTrip.update(connection,
                statements.join().purge().with(NOW, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
