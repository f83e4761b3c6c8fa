package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.AllocationService;
import com.made.allocation.bootstrap.Settings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Commands from the broker while the database is stopped (a cluster of the test's own): none of them is
 * dead-lettered, as the contract says of a failure that is not the command's fault; they go back to their
 * queue, and once the database is back each is handled exactly once.
 */
class CommandsDuringDatabaseOutageIT {

    private static final int COMMANDS = 20;

    private final TestBroker broker = TestBroker.shared();
    private OwnPostgres postgres;
    private AllocationService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        broker.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void commandsTakenWhileTheDatabaseIsAwayWaitInTheirQueueAndAreHandledOnceItIsBack() throws Exception {
        postgres = OwnPostgres.create();
        DatabaseSettings database = postgres.settings(Duration.ofMillis(500));
        Map<String, String> env = new HashMap<>(broker.serviceEnv());
        env.putAll(Map.of("HTTP_PORT", "0", "SHUTDOWN_GRACE_MS", "0"));
        service = AllocationService.start(Settings.with(database, env));
        Http http = new Http(service.port());
        assertThat(http.addBatch("warehouse", "LAMP", 1_000, null).statusCode()).isEqualTo(201);

        try (ConsumerLog consumer = ConsumerLog.listen()) {
            postgres.stop();
            for (int i = 0; i < COMMANDS; i++) {
                broker.send("outage-" + i, "{\"type\":\"allocate\",\"orderid\":\"order-" + i + "\",\"sku\":\"LAMP\",\"qty\":1}");
            }
            // Each command taken and given back at least once, by the consumer's own account; a dead letter
            // ends the wait at once (and fails the test below).
            ServiceProcess.waitFor(Duration.ofSeconds(120),
                    () -> everyCommandGivenBack(consumer) || broker.deadLettersWaiting() > 0,
                    "every command given back to the queue during the outage");
            assertThat(broker.nextDeadLetter(Duration.ZERO)).as("a dead letter during the outage").isEmpty();
            postgres.start();

            ServiceProcess.waitFor(Duration.ofSeconds(60), () -> allocatedLines(database) >= COMMANDS,
                    "every command handled once the database is back");
            // Stopped, the service handles nothing more, and what it took but did not acknowledge is back in
            // the queue: an empty queue now means nothing is left that could be handled (again) later.
            service.close();
        }
        assertThat(broker.commandsWaiting()).as("commands left in the queue").isZero();
        assertThat(allocatedLines(database)).isEqualTo(COMMANDS);
        assertThat(count(database, "SELECT COUNT(*) FROM inbox")).isEqualTo(COMMANDS);
        assertThat(count(database, "SELECT allocated_quantity FROM batches WHERE reference = 'warehouse'"))
                .isEqualTo(COMMANDS);
        assertThat(broker.nextDeadLetter(Duration.ZERO)).as("a dead letter after the outage").isEmpty();
    }

    private static boolean everyCommandGivenBack(ConsumerLog consumer) {
        return IntStream.range(0, COMMANDS)
                .allMatch(i -> consumer.saidStartingWith("Command message outage-" + i + " given back to the queue"));
    }

    private static long allocatedLines(DatabaseSettings database) {
        try {
            return count(database, "SELECT COUNT(*) FROM allocations");
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static long count(DatabaseSettings database, String query) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             ResultSet rows = connection.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
