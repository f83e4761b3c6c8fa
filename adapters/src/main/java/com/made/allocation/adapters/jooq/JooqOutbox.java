package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.INBOX;
import static com.made.allocation.adapters.jooq.schema.Tables.OUTBOX;

import com.made.allocation.adapters.jooq.schema.tables.records.OutboxRecord;
import com.made.allocation.service.AlreadyDelivered;
import com.made.allocation.service.AlreadyReceived;
import com.made.allocation.service.Delivery;
import com.made.allocation.service.Delivery.Envelope;
import com.made.allocation.service.HandlerRegistry;
import com.made.allocation.service.Outbox;
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
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.SQLDialect;
import org.jooq.TransactionalCallable;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox table. Units of work store deliveries and mark them done through it, inside their own
 * transactions; everything else (claiming due entries, recording failures, reports) runs in short
 * transactions of its own.
 *
 * <p>A stored entry is leased at once to the process that stored it, which handles it right after its
 * commit; the lease only runs out, and a dispatcher only claims the entry, if that process died first.
 */
public final class JooqOutbox implements Outbox {

    private static final Logger log = LoggerFactory.getLogger(JooqOutbox.class);
    static final String PENDING = "PENDING";
    static final String DONE = "DONE";
    static final String DEAD = "DEAD";
    private static final int MAX_ERROR_LENGTH = 2000;
    // Claims of events to publish are taken one at a time across instances (see claimPublications).
    private static final long PUBLICATION_CLAIMS_LOCK = 0x616c6c6f63L; // "alloc"

    private static final Param<String> MESSAGE_TYPE = DSL.param("message_type", String.class);
    private static final Param<String> PAYLOAD = DSL.param("payload", String.class);
    private static final Param<OffsetDateTime> DUE = DSL.param("next_attempt_at", OffsetDateTime.class);
    private static final Param<OffsetDateTime> CREATED = DSL.param("created_at", OffsetDateTime.class);
    private static final Param<OffsetDateTime> UPDATED = DSL.param("updated_at", OffsetDateTime.class);
    private static final Param<String> REQUEST_ID = DSL.param("request_id", String.class);
    private static final Param<String> ORDERING_KEY = DSL.param("ordering_key", String.class);

    private final Database database;
    private final MessageCodec codec;
    private final PreparedSql insertPublication;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param lease how long a claimed or freshly stored entry is left to the process that has it, before a
     *              dispatcher may take it over; longer than handling one entry ever takes
     */
    public JooqOutbox(Database database, MessageCodec codec, Duration lease, Clock clock) {
        this.database = database;
        this.codec = codec;
        this.lease = lease;
        this.clock = clock;
        this.insertPublication = PreparedSql.render(database.dialect(), DSL.insertInto(OUTBOX, OUTBOX.MESSAGE_TYPE,
                        OUTBOX.PAYLOAD, OUTBOX.HANDLER, OUTBOX.STATUS, OUTBOX.NEXT_ATTEMPT_AT, OUTBOX.CREATED_AT,
                        OUTBOX.UPDATED_AT, OUTBOX.REQUEST_ID, OUTBOX.ORDERING_KEY)
                .values(MESSAGE_TYPE, PAYLOAD, DSL.inline(HandlerRegistry.PUBLISH), DSL.inline(PENDING), DUE, CREATED,
                        UPDATED, REQUEST_ID, ORDERING_KEY));
    }

    /**
     * The insert of an event to publish, to run with the unit of work's other writes: no one here waits for
     * its id, so it can travel in their round trip. It is due at once, for the relay.
     */
    PreparedSql.Bound publication(Envelope envelope) {
        OffsetDateTime now = now();
        return insertPublication.with(MESSAGE_TYPE, codec.typeOf(envelope.message()))
                .with(PAYLOAD, codec.encode(envelope.message()))
                .with(DUE, now).with(CREATED, now).with(UPDATED, now)
                .with(REQUEST_ID, envelope.requestId())
                .with(ORDERING_KEY, envelope.orderingKey());
    }

    /** Stores deliveries to handlers here, leased to this process; events to publish go with the writes. */
    List<Delivery> store(DSLContext db, List<Envelope> outgoing) {
        OffsetDateTime now = now();
        var insert = db.insertInto(OUTBOX, OUTBOX.MESSAGE_TYPE, OUTBOX.PAYLOAD, OUTBOX.HANDLER, OUTBOX.STATUS,
                OUTBOX.NEXT_ATTEMPT_AT, OUTBOX.CREATED_AT, OUTBOX.UPDATED_AT, OUTBOX.REQUEST_ID);
        for (Envelope envelope : outgoing) {
            insert = insert.values(codec.typeOf(envelope.message()), codec.encode(envelope.message()),
                    envelope.handler(), PENDING, now.plus(lease), now, now, envelope.requestId());
        }
        List<Long> ids = insert.returningResult(OUTBOX.ID).fetch(OUTBOX.ID);
        List<Delivery> stored = new ArrayList<>(outgoing.size());
        for (int i = 0; i < outgoing.size(); i++) {
            Envelope envelope = outgoing.get(i);
            stored.add(new Delivery(ids.get(i), envelope.message(), envelope.handler(), 0, envelope.requestId()));
        }
        return stored;
    }

    void markDone(DSLContext db, Delivery delivery) {
        int updated = db.update(OUTBOX)
                .set(OUTBOX.STATUS, DONE)
                .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
                .set(OUTBOX.UPDATED_AT, now())
                .where(OUTBOX.ID.eq(delivery.id()).and(OUTBOX.STATUS.eq(PENDING)))
                .execute();
        if (updated == 0) {
            throw new AlreadyDelivered(delivery.id());
        }
    }

    @Override
    public List<Delivery> claimDue(int limit) {
        OffsetDateTime now = now();
        List<OutboxRecord> claimed = inTransaction(tx -> {
            var due = tx.dsl().selectFrom(OUTBOX)
                    .where(OUTBOX.STATUS.eq(PENDING).and(OUTBOX.NEXT_ATTEMPT_AT.le(now))
                            .and(OUTBOX.HANDLER.ne(HandlerRegistry.PUBLISH)))
                    .orderBy(OUTBOX.ID).limit(limit).forUpdate();
            // SKIP LOCKED lets several instances claim side by side; embedded H2 has only one instance.
            List<OutboxRecord> rows = database.dialect() == SQLDialect.H2 ? due.fetch() : due.skipLocked().fetch();
            lease(tx.dsl(), rows, now);
            return rows;
        });
        return decode(claimed);
    }

    @Override
    public List<Delivery> claimPublications(int limit) {
        OffsetDateTime now = now();
        List<OutboxRecord> claimed = inTransaction(tx -> {
            DSLContext db = tx.dsl();
            // One claim at a time across instances: with SKIP LOCKED, two claims side by side could each
            // take one event of a SKU, and the later one could then be published first.
            if (database.dialect() != SQLDialect.H2) {
                db.select(DSL.function("pg_advisory_xact_lock", Object.class, DSL.val(PUBLICATION_CLAIMS_LOCK)))
                        .fetch();
            }
            // The first event of each SKU that is leased elsewhere or waits for a retry: the SKU's later
            // events wait for it. Few rows (what is in flight), found once, however long the backlog.
            Field<Long> firstId = DSL.min(OUTBOX.ID).as("first_waiting_id");
            var waiting = DSL.select(OUTBOX.ORDERING_KEY, firstId).from(OUTBOX)
                    .where(OUTBOX.STATUS.eq(PENDING).and(OUTBOX.HANDLER.eq(HandlerRegistry.PUBLISH))
                            .and(OUTBOX.NEXT_ATTEMPT_AT.gt(now)))
                    .groupBy(OUTBOX.ORDERING_KEY).asTable("waiting");
            Field<Long> waitingFrom = waiting.field(firstId);
            // Only what a delivery is made of: the timestamps are not worth parsing for each event.
            List<OutboxRecord> rows = db.select(OUTBOX.ID, OUTBOX.MESSAGE_TYPE, OUTBOX.PAYLOAD, OUTBOX.HANDLER,
                            OUTBOX.ATTEMPTS, OUTBOX.REQUEST_ID).from(OUTBOX)
                    .leftJoin(waiting).on(waiting.field(OUTBOX.ORDERING_KEY).eq(OUTBOX.ORDERING_KEY))
                    .where(OUTBOX.STATUS.eq(PENDING).and(OUTBOX.HANDLER.eq(HandlerRegistry.PUBLISH))
                            .and(OUTBOX.NEXT_ATTEMPT_AT.le(now))
                            .and(waitingFrom.isNull().or(OUTBOX.ID.lt(waitingFrom))))
                    .orderBy(OUTBOX.ID).limit(limit)
                    .fetchInto(OUTBOX);
            lease(db, rows, now);
            return rows;
        });
        return decode(claimed);
    }

    @Override
    public boolean wasReceived(String messageId) {
        return inTransaction(tx -> tx.dsl().fetchExists(INBOX, INBOX.MESSAGE_ID.eq(messageId)));
    }

    @Override
    public void markPublished(Collection<Long> ids) {
        inTransaction(tx -> tx.dsl().update(OUTBOX)
                .set(OUTBOX.STATUS, DONE)
                .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
                .set(OUTBOX.UPDATED_AT, now())
                .where(OUTBOX.ID.in(ids).and(OUTBOX.STATUS.eq(PENDING)))
                .execute());
    }

    @Override
    public void release(Collection<Long> ids) {
        inTransaction(tx -> tx.dsl().update(OUTBOX)
                .set(OUTBOX.NEXT_ATTEMPT_AT, now())
                .where(OUTBOX.ID.in(ids).and(OUTBOX.STATUS.eq(PENDING)))
                .execute());
    }

    private void lease(DSLContext db, List<OutboxRecord> rows, OffsetDateTime now) {
        if (!rows.isEmpty()) {
            db.update(OUTBOX).set(OUTBOX.NEXT_ATTEMPT_AT, now.plus(lease))
                    .where(OUTBOX.ID.in(rows.stream().map(OutboxRecord::getId).toList())).execute();
        }
    }

    private List<Delivery> decode(List<OutboxRecord> claimed) {
        List<Delivery> deliveries = new ArrayList<>(claimed.size());
        for (OutboxRecord row : claimed) {
            try {
                deliveries.add(new Delivery(row.getId(), codec.decode(row.getMessageType(), row.getPayload()),
                        row.getHandler(), row.getAttempts(), row.getRequestId()));
            } catch (IllegalArgumentException undecodable) {
                log.error("Outbox entry {} cannot be read, parked as dead: {}", row.getId(), undecodable.getMessage());
                markDead(row.getId(), undecodable.getMessage());
            }
        }
        return deliveries;
    }

    @Override
    public void scheduleRetry(long id, String error, Instant nextAttempt) {
        inTransaction(tx -> tx.dsl().update(OUTBOX)
                .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
                .set(OUTBOX.LAST_ERROR, truncate(error))
                .set(OUTBOX.NEXT_ATTEMPT_AT, OffsetDateTime.ofInstant(nextAttempt, ZoneOffset.UTC))
                .set(OUTBOX.UPDATED_AT, now())
                .where(OUTBOX.ID.eq(id).and(OUTBOX.STATUS.eq(PENDING)))
                .execute());
    }

    @Override
    public void markDead(long id, String error) {
        inTransaction(tx -> tx.dsl().update(OUTBOX)
                .set(OUTBOX.STATUS, DEAD)
                .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
                .set(OUTBOX.LAST_ERROR, truncate(error))
                .set(OUTBOX.UPDATED_AT, now())
                .where(OUTBOX.ID.eq(id).and(OUTBOX.STATUS.eq(PENDING)))
                .execute());
    }

    @Override
    public int purgeDoneBefore(Instant cutoff) {
        OffsetDateTime before = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        return inTransaction(tx -> {
            // A message id is remembered as long as a done delivery: a broker redelivers within minutes.
            tx.dsl().deleteFrom(INBOX).where(INBOX.RECEIVED_AT.lt(before)).execute();
            return tx.dsl().deleteFrom(OUTBOX).where(OUTBOX.STATUS.eq(DONE).and(OUTBOX.UPDATED_AT.lt(before)))
                    .execute();
        });
    }

    /**
     * Records a received message's id in the transaction that handles it.
     *
     * @throws AlreadyReceived when it was recorded before (by a transaction that committed)
     */
    void receive(DSLContext db, String messageId) {
        int inserted = db.insertInto(INBOX, INBOX.MESSAGE_ID, INBOX.RECEIVED_AT).values(messageId, now())
                .onConflictDoNothing().execute();
        if (inserted == 0) {
            throw new AlreadyReceived(messageId);
        }
    }

    @Override
    public Report report(int deadLimit) {
        return inTransaction(tx -> {
            DSLContext db = tx.dsl();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String status : List.of(PENDING, DONE, DEAD)) {
                counts.put(status, 0L);
            }
            db.select(OUTBOX.STATUS, DSL.count()).from(OUTBOX).groupBy(OUTBOX.STATUS)
                    .forEach(row -> counts.put(row.value1(), row.value2().longValue()));
            Optional<Duration> oldestPending = db.select(DSL.min(OUTBOX.CREATED_AT)).from(OUTBOX)
                    .where(OUTBOX.STATUS.eq(PENDING)).fetchOptional(0, OffsetDateTime.class)
                    .map(created -> Duration.between(created.toInstant(), clock.instant()));
            List<DeadEntry> dead = db.selectFrom(OUTBOX).where(OUTBOX.STATUS.eq(DEAD)).orderBy(OUTBOX.ID)
                    .limit(deadLimit)
                    .fetch(row -> new DeadEntry(row.getId(), row.getMessageType(), row.getPayload(), row.getHandler(),
                            row.getAttempts(), row.getLastError(), row.getUpdatedAt().toInstant()));
            return new Report(counts, oldestPending, dead);
        });
    }

    @Override
    public boolean redrive(long id) {
        return inTransaction(tx -> tx.dsl().update(OUTBOX)
                .set(OUTBOX.STATUS, PENDING)
                .set(OUTBOX.ATTEMPTS, 0)
                .set(OUTBOX.NEXT_ATTEMPT_AT, now())
                .set(OUTBOX.UPDATED_AT, now())
                .where(OUTBOX.ID.eq(id).and(OUTBOX.STATUS.eq(DEAD)))
                .execute()) == 1;
    }

    /**
     * Runs {@code work} in a short transaction of its own. A lost database is a {@code StorageUnavailable}
     * here as in a unit of work: the callers (the bus, the relay, the consumer) wait and try again.
     */
    private <T> T inTransaction(TransactionalCallable<T> work) {
        try {
            return DSL.using(database.dataSource(), database.dialect()).transactionResult(work);
        } catch (DataAccessException error) {
            throw SqlErrors.translate(error, "outbox");
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String truncate(String error) {
        String text = error == null ? "" : error;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
