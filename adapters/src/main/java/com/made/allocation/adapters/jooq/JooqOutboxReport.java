package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.JooqDeliveries.DEAD;
import static com.made.allocation.adapters.jooq.JooqDeliveries.DONE;
import static com.made.allocation.adapters.jooq.JooqDeliveries.PENDING;
import static com.made.allocation.adapters.jooq.schema.Tables.OUTBOX;
import static com.made.allocation.adapters.jooq.schema.Tables.PUBLICATIONS;
import static org.jooq.impl.DSL.castNull;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.update;

import com.made.allocation.service.OutboxReport;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.SQLDialect;
import org.jooq.Table;

/** The operators' view of the outbox and the publications: counts, the oldest pending, the dead, re-driving. */
public final class JooqOutboxReport implements OutboxReport {

    private static final Param<Long> ID = param("id", Long.class);
    private static final Param<Integer> LIMIT = param("limit", Integer.class);
    private static final Param<OffsetDateTime> NOW = param("now", OffsetDateTime.class);
    private static final Param<OffsetDateTime> UPDATED = param("updated_at", OffsetDateTime.class);
    private static final Field<Long> COUNT = count().coerce(Long.class).as("entries");

    /** One table of stored messages, by the columns the report reads. */
    private record Kind(Table<?> table, Field<Long> id, Field<String> status, Field<OffsetDateTime> createdAt,
                        Field<OffsetDateTime> updatedAt, Field<OffsetDateTime> due, Field<OffsetDateTime> leasedUntil,
                        Field<Integer> attempts, Field<String> type, Field<String> destination,
                        Field<String> lastError, Field<?> message, Function<Object, String> messageText) {
    }

    private static final Kind DELIVERIES = new Kind(OUTBOX, OUTBOX.ID, OUTBOX.STATUS, OUTBOX.CREATED_AT,
            OUTBOX.UPDATED_AT, OUTBOX.NEXT_ATTEMPT_AT, OUTBOX.LEASED_UNTIL, OUTBOX.ATTEMPTS, OUTBOX.MESSAGE_TYPE,
            OUTBOX.HANDLER, OUTBOX.LAST_ERROR, OUTBOX.PAYLOAD, String.class::cast);
    private static final Kind PUBLISHED = new Kind(PUBLICATIONS, PUBLICATIONS.ID, PUBLICATIONS.STATUS,
            PUBLICATIONS.CREATED_AT, PUBLICATIONS.UPDATED_AT, PUBLICATIONS.NEXT_ATTEMPT_AT, PUBLICATIONS.LEASED_UNTIL,
            PUBLICATIONS.ATTEMPTS, PUBLICATIONS.MESSAGE_TYPE, PUBLICATIONS.ROUTING_KEY, PUBLICATIONS.LAST_ERROR,
            PUBLICATIONS.BODY, body -> new String((byte[]) body, StandardCharsets.UTF_8));

    /** The statements of one kind, rendered once for one database. */
    private record Statements(Kind kind, PreparedSql counts, PreparedSql oldestPending, PreparedSql dead,
                              PreparedSql redrive) {

        Statements(SQLDialect dialect, Kind kind) {
            this(kind,
                    PreparedSql.render(dialect, select(kind.status(), COUNT).from(kind.table()).groupBy(kind.status())),
                    PreparedSql.render(dialect, select(min(kind.createdAt()).as(kind.createdAt().getName()))
                            .from(kind.table()).where(kind.status().eq(inline(PENDING)))),
                    PreparedSql.render(dialect, select(kind.id(), kind.type(), kind.message(), kind.destination(),
                            kind.attempts(), kind.lastError(), kind.updatedAt()).from(kind.table())
                            .where(kind.status().eq(inline(DEAD))).orderBy(kind.id()).limit(LIMIT)),
                    PreparedSql.render(dialect, update(kind.table()).set(kind.status(), inline(PENDING))
                            .set(kind.attempts(), inline(0)).set(kind.due(), NOW)
                            .set(kind.leasedUntil(), castNull(kind.leasedUntil())).set(kind.updatedAt(), UPDATED)
                            .where(kind.id().eq(ID).and(kind.status().eq(inline(DEAD))))));
        }
    }

    private final Database database;
    private final Clock clock;
    private final CompletableFuture<List<Statements>> statements;

    public JooqOutboxReport(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.statements = PreparedSql.inBackground(() -> List.of(new Statements(database.dialect(), DELIVERIES),
                new Statements(database.dialect(), PUBLISHED)));
    }

    @Override
    public Report report(int deadLimit) {
        return database.inTransaction("reading the outbox", connection -> new Report(
                section(connection, statements.join().get(0), deadLimit),
                section(connection, statements.join().get(1), deadLimit)));
    }

    private Section section(Connection connection, Statements of, int deadLimit) {
        Kind kind = of.kind();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : List.of(PENDING, DONE, DEAD)) {
            counts.put(status, 0L);
        }
        List<OffsetDateTime> oldest = new ArrayList<>();
        List<DeadEntry> dead = new ArrayList<>();
        new Reads()
                .add(of.counts().bound(), row -> counts.put(row.get(kind.status()), row.get(COUNT)))
                .add(of.oldestPending().bound(), row -> oldest.add(row.get(kind.createdAt())))
                .add(of.dead().with(LIMIT, deadLimit), row -> dead.add(new DeadEntry(row.get(kind.id()),
                        row.get(kind.type()), kind.messageText().apply(row.get(kind.message())),
                        row.get(kind.destination()), row.get(kind.attempts()), row.get(kind.lastError()),
                        row.get(kind.updatedAt()).toInstant())))
                .execute(connection, false);
        Optional<Duration> oldestPendingAge = oldest.stream().filter(created -> created != null).findFirst()
                .map(created -> Duration.between(created.toInstant(), clock.instant()));
        return new Section(counts, oldestPendingAge, dead);
    }

    @Override
    public boolean redriveDelivery(long id) {
        return redrive(statements.join().get(0), id);
    }

    @Override
    public boolean redrivePublication(long id) {
        return redrive(statements.join().get(1), id);
    }

    private boolean redrive(Statements of, long id) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return database.inTransaction("re-driving an entry", connection ->
                Writes.one(connection, of.redrive().with(ID, id).with(NOW, now).with(UPDATED, now))) == 1;
    }
}
