package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.e2e.TestBroker.Published;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service's broker connection closed by the broker (as a restart or a network cut does), and while it
 * cannot come back, its exchange and queues deleted: after the reconnect they are declared again, commands
 * are consumed and events published, and the log says it in two lines, with no ERROR and no stack trace.
 * On a broker of the test's own, whose operator can shut the service out for a while.
 */
class BrokerReconnectIT {

    private static final String LOG = "broker-reconnect.log";

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private OwnRabbit rabbit;
    private TestBroker broker;
    private ServiceProcess service;

    @AfterEach
    void stop() {
        for (AutoCloseable part : new AutoCloseable[] {service, broker, rabbit}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception ignored) {
                    // the next part is closed all the same
                }
            }
        }
    }

    @Test
    void aReconnectDeclaresTheTopologyAgainAndLogsOneWarningAndOneRecovery() throws Exception {
        rabbit = OwnRabbit.start();
        rabbit.ctl("add_user", "allocation", "s3cret");
        rabbit.ctl("set_permissions", "allocation", ".*", ".*", ".*");
        broker = TestBroker.on(rabbit.amqpUrl());
        Map<String, String> env = new HashMap<>(broker.serviceEnv());
        env.put("AMQP_URL", "amqp://allocation:s3cret@127.0.0.1:" + rabbit.port());
        env.put("OUTBOX_POLL_MS", "200");
        service = ServiceProcess.start(database, env, LOG);
        assertThat(service.http().addBatch("lamps", "LAMP", 100, null).statusCode()).isEqualTo(201);

        // The service shut out and its connection closed: it keeps trying to come back, and cannot yet.
        rabbit.ctl("clear_permissions", "allocation");
        rabbit.ctl("close_all_connections", "closed by the test");
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> log().contains("Broker connection lost"),
                "the service to notice");
        try (Connection operator = operatorConnection(); Channel channel = operator.createChannel()) {
            channel.queueDelete(broker.commandQueue());
            channel.queueDelete(broker.commandQueue() + ".dead");
            channel.exchangeDelete(broker.exchange());
        }
        rabbit.ctl("set_permissions", "allocation", ".*", ".*", ".*");
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> log().contains("Broker connection recovered"),
                "the service to reconnect");

        try (Connection operator = operatorConnection(); Channel channel = operator.createChannel()) {
            // A passive declaration fails (and closes the channel) when the entity does not exist.
            channel.exchangeDeclarePassive(broker.exchange());
            channel.queueDeclarePassive(broker.commandQueue());
            channel.queueDeclarePassive(broker.commandQueue() + ".dead");
            assertThat(channel.consumerCount(broker.commandQueue())).as("consumers on the command queue").isEqualTo(2);
        }
        broker.reconnect(); // its events queue lost its binding with the exchange
        broker.send("after-reconnect", "{\"type\":\"allocate\",\"orderid\":\"order-1\",\"sku\":\"LAMP\",\"qty\":1}");
        Optional<Published> event = broker.nextEvent(Duration.ofSeconds(15));
        assertThat(event).as("the allocation's event").get()
                .satisfies(published -> assertThat(published.body().get("orderid").asText()).isEqualTo("order-1"));
        assertThat(service.http().get("/allocations/order-1").body()).contains("lamps");

        List<String> lines = log().lines().toList();
        assertThat(lines).filteredOn(line -> line.contains("Broker connection lost")).hasSize(1)
                .allMatch(line -> line.contains(" WARN "));
        assertThat(lines).filteredOn(line -> line.contains("Broker connection recovered")).hasSize(1)
                .allMatch(line -> line.contains(" INFO "));
        assertThat(lines).as("errors, stack traces and what was not recovered in the log")
                .noneMatch(line -> line.contains(" ERROR ") || line.startsWith("\tat ")
                            || line.contains("not recovered") || line.contains("Exception:"));
    }

    private Connection operatorConnection() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(rabbit.amqpUrl());
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection("operator");
    }

    private static String log() {
        try {
            return Files.readString(ServiceProcess.log(LOG));
        } catch (java.io.IOException unreadable) {
            return "";
        }
    }
}
