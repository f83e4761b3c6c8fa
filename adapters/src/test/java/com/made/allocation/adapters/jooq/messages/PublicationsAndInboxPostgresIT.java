package com.made.allocation.adapters.jooq.messages;

import static com.made.allocation.adapters.jooq.schema.Tables.PUBLICATIONS;
import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.TestOutboxes;
import com.made.allocation.adapters.jooq.messages.JooqPublications;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.service.fakes.MovingClock;
import com.made.allocation.service.publishing.Publication;
import com.made.allocation.service.testing.Facts;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** On PostgreSQL, where several instances share one outbox. */
class PublicationsAndInboxPostgresIT extends PublicationsAndInboxContract {

    @Override
    protected Database newDatabase() {
        return TestDatabases.migratedPostgres();
    }

    @Test
    void aClaimThatWaitedForAnotherInstancesTurnLeasesFromWhenItGotItsOwn() throws Exception {
        MovingClock clock = new MovingClock();
        JooqPublications outbox = TestOutboxes.on(database, Duration.ofSeconds(30), clock).publications();
        committed(TestOutboxes.on(database, Duration.ZERO, clock).publications(), "o1/SKU-1"); // left by a crash
        ExecutorService instance = Executors.newSingleThreadExecutor();
        Future<List<Publication>> claim;
        try (Connection other = database.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (Statement lock = other.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(" + JooqPublications.CLAIMS_LOCK + ")");
            }
            claim = instance.submit(() -> outbox.claim(10));
            awaitASessionWaitingForTheClaimsLock();
            clock.advance(Duration.ofMinutes(5)); // another instance's claim, taking its time
            other.commit();
        }
        assertThat(claim.get(10, TimeUnit.SECONDS)).hasSize(1);
        instance.shutdown();

        OffsetDateTime leasedUntil = sql().select(PUBLICATIONS.LEASED_UNTIL).from(PUBLICATIONS).fetchOne(PUBLICATIONS.LEASED_UNTIL);
        assertThat(leasedUntil.toInstant()).as("30 s from the end of the wait")
                .isEqualTo(clock.instant().plusSeconds(30));
    }

    /** Until PostgreSQL shows a session of this database waiting for the claims lock. */
    private void awaitASessionWaitingForTheClaimsLock() throws InterruptedException {
        // An advisory lock on a bigint key shows its high half as classid and its low half as objid.
        String waiting = "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND classid = " + (JooqPublications.CLAIMS_LOCK >>> 32)
                + " AND objid = " + (JooqPublications.CLAIMS_LOCK & 0xffffffffL);
        Facts.await(Duration.ofSeconds(10), "a claim waiting for the claims lock",
                () -> ((Number) sql().fetchValue(waiting)).longValue() > 0);
    }

    @Test
    void twoInstancesClaimingSideBySideNeverSplitTheOrderOfASku() throws Exception {
        JooqPublications writer = crashed();
        for (int i = 0; i < 300; i++) {
            committed(writer, "o" + i + "/SKU-" + (i % 3));
        }
        List<String> violations = new CopyOnWriteArrayList<>();
        List<Long> claimedIds = new CopyOnWriteArrayList<>();
        ExecutorService instances = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int instance = 0; instance < 2; instance++) {
            JooqPublications outbox = TestOutboxes.on(database).publications();
            running.add(instances.submit(() -> {
                for (List<Publication> claimed = outbox.claim(7); !claimed.isEmpty(); claimed = outbox.claim(7)) {
                    Set<Long> mine = claimed.stream().map(Publication::id).collect(Collectors.toSet());
                    claimedIds.addAll(mine);
                    for (Publication event : claimed) {
                        // An earlier event of the SKU still pending must be in this claim, or it could come after.
                        sql().select(PUBLICATIONS.ID).from(PUBLICATIONS)
                                .where(PUBLICATIONS.ORDERING_KEY.eq(event.message().orderingKey())
                                        .and(PUBLICATIONS.STATUS.eq("PENDING")).and(PUBLICATIONS.ID.lt(event.id())))
                                .fetch(PUBLICATIONS.ID).stream().filter(id -> !mine.contains(id))
                                .forEach(id -> violations.add(id + " pending before claimed " + event.id()));
                    }
                    outbox.deletePublished(mine);
                }
            }));
        }
        for (Future<?> instance : running) {
            instance.get();
        }
        instances.shutdown();

        assertThat(violations).isEmpty();
        assertThat(claimedIds).as("each event claimed by one instance, once").hasSize(300).doesNotHaveDuplicates();
        assertThat(sql().fetchCount(PUBLICATIONS)).as("every published event deleted").isZero();
    }

}
