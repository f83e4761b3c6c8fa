package com.made.allocation.adapters.jooq.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.amqp.EventMessages;
import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.messages.JooqPublications;
import com.made.allocation.adapters.jooq.messages.MessageCodec;
import com.made.allocation.adapters.jooq.messages.StoredMessages;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.domain.events.Allocated;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An upgrade from the release that kept events to publish in the outbox: the pending ones move to the
 * publications table, in the form that release published them, under their ids; nothing published later
 * reuses an id.
 */
class PublicationsMigrationIT {

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("PostgreSQL", (Supplier<DatabaseSettings>) TestDatabases::freshPostgres),
                Arguments.of("H2", (Supplier<DatabaseSettings>) TestDatabases::freshH2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void pendingEventsToPublishMoveWithTheirIdsAndTheirPublishedForm(String name, Supplier<DatabaseSettings> fresh)
            throws SQLException {
        DatabaseSettings settings = fresh.get();
        Flyway.configure().dataSource(settings.url(), settings.user(), settings.password())
                .locations("classpath:db/migration").target("7").load().migrate();
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement statement = connection.createStatement()) {
            String columns = "INSERT INTO outbox (id, message_type, payload, handler, status, attempts, next_attempt_at, "
                    + "created_at, updated_at, ordering_key) VALUES ";
            statement.executeUpdate(columns + "(1, 'Allocated', '{\"orderid\":\"o1\",\"sku\":\"RED-CHAIR\",\"qty\":2,"
                    + "\"batchref\":\"b1\",\"version\":3}', 'publish', 'PENDING', 1, CURRENT_TIMESTAMP, "
                    + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'RED-CHAIR')");
            statement.executeUpdate(columns + "(2, 'Allocated', '{}', 'publish', 'DONE', 1, CURRENT_TIMESTAMP, "
                    + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'RED-CHAIR')");
            statement.executeUpdate(columns + "(3, 'OutOfStock', '{\"sku\":\"LAMP\"}', 'send_out_of_stock_notification', "
                    + "'PENDING', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, NULL)");
        }

        try (Database database = Database.connect(settings)) {
            database.migrate();

            JooqPublications publications = StoredMessages.on(database, new MessageCodec(List.of()), "migrated",
                    Duration.ofSeconds(30), Clock.systemUTC()).publications();
            assertThat(publications.claim(10)).singleElement().satisfies(moved -> {
                assertThat(moved.id()).isEqualTo(1);
                assertThat(moved.attempts()).isEqualTo(1);
                assertThat(moved.message().routingKey()).isEqualTo("allocated.RED-CHAIR");
                assertThat(moved.message().body()).as("as that release published it, and as this one does")
                        .isEqualTo(new EventMessages().format(new Allocated("o1", "RED-CHAIR", 2, "b1", 3),
                                "RED-CHAIR").body());
                assertThat(new String(moved.message().body(), StandardCharsets.UTF_8)).isEqualTo(
                        "{\"type\":\"allocated\",\"orderid\":\"o1\",\"sku\":\"RED-CHAIR\",\"qty\":2,\"batchref\":\"b1\","
                                + "\"version\":3}");
            });
            RoundTrip next = new RoundTrip();
            publications.store(List.of(new EventMessages().format(new Allocated("o2", "LAMP", 1, "b2", 1), "LAMP")),
                    new ArrayList<>(), next);
            database.inTransaction("storing", connection -> {
                next.run(connection, false);
                return null;
            });
            assertThat(ids(database, "SELECT id FROM publications ORDER BY id")).as("numbered after every outbox id")
                    .containsExactly(1L, 4L);
            assertThat(ids(database, "SELECT id FROM outbox")).as("deliveries stay").containsExactly(3L);
        }
    }

    private static List<Long> ids(Database database, String query) {
        return database.inTransaction("reading", connection -> {
            List<Long> ids = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        });
    }
}
