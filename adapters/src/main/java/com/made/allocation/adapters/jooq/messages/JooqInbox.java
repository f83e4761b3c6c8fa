package com.made.allocation.adapters.jooq.messages;

import static com.made.allocation.adapters.jooq.schema.Tables.INBOX;
import static org.jooq.impl.DSL.deleteFrom;
import static org.jooq.impl.DSL.insertInto;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.selectOne;

import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.PreparedSql;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.service.outbox.Inbox;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.jooq.Param;
import org.jooq.SQLDialect;

/**
 * The inbox table: the ids of the messages received from the broker, recorded in the transaction that
 * handled each, so that a message delivered again is acknowledged without being handled again.
 */
public final class JooqInbox implements Inbox {

    private static final Param<String> MESSAGE_ID = param("message_id", String.class);
    private static final Param<OffsetDateTime> AT = param("received_at", OffsetDateTime.class);

    /** The statements, rendered once for one database. */
    private record Statements(PreparedSql record, PreparedSql find, PreparedSql forget) {

        Statements(SQLDialect dialect) {
            this(PreparedSql.render(dialect, insertInto(INBOX, INBOX.MESSAGE_ID, INBOX.RECEIVED_AT)
                            .values(MESSAGE_ID, AT).onConflictDoNothing()),
                    PreparedSql.render(dialect, selectOne().from(INBOX).where(INBOX.MESSAGE_ID.eq(MESSAGE_ID))),
                    PreparedSql.render(dialect, deleteFrom(INBOX).where(INBOX.RECEIVED_AT.lt(AT))));
        }
    }

    private final Database database;
    private final Clock clock;
    private final CompletableFuture<Statements> statements;

    public JooqInbox(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.statements = PreparedSql.inBackground(() -> new Statements(database.dialect()));
    }

    /**
     * The insert that records a received message's id in the transaction that handles it; it changes no
     * row when the id was recorded before (by a transaction that committed).
     */
    public PreparedSql.Bound record(String messageId) {
        return statements.join().record().with(MESSAGE_ID, messageId)
                .with(AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    @Override
    public boolean wasReceived(String messageId) {
        boolean[] found = {false};
        database.inTransaction("looking up a received message", connection -> {
            new RoundTrip().query(statements.join().find().with(MESSAGE_ID, messageId), row -> found[0] = true)
                    .run(connection, false);
            return null;
        });
        return found[0];
    }

    @Override
    public void forgetBefore(Instant cutoff) {
        database.inTransaction("forgetting received messages", connection -> RoundTrip.update(connection,
                statements.join().forget().with(AT, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))));
    }
}
