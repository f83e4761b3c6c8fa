package com.made.allocation.adapters.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.events.Allocated;
import com.made.allocation.domain.events.Deallocated;
import com.made.allocation.domain.events.Event;
import com.made.allocation.service.failures.BrokerUnavailable;
import com.made.allocation.service.publishing.Publication;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The publisher against the machine's RabbitMQ: confirmed, returned, unreachable. */
class RabbitEventPublisherIT {

    private static final String URL = System.getProperty("test.amqp.url", "amqp://guest:guest@127.0.0.1:5672");

    private final String names = "publisher-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final BrokerSettings settings = new BrokerSettings(URI.create(URL), names + ".events", names + ".commands");
    private final Broker broker = Broker.connect(settings);
    private final RabbitEventPublisher publisher = new RabbitEventPublisher(broker);

    @AfterEach
    void cleanUp() throws Exception {
        if (broker.isConnected()) {
            try (Channel channel = broker.connection().createChannel()) {
                channel.queueDelete(names + ".allocated");
                channel.queueDelete(settings.commandQueue());
                channel.queueDelete(settings.deadLetterQueue());
                channel.exchangeDelete(settings.exchange());
            }
        }
        broker.close();
    }

    /** A stored publication of an event of a SKU, in the service's published form. */
    private static Publication event(long id, Event event, String sku) {
        return new Publication(id, new EventMessages().format(event, sku), 0);
    }

    @Test
    void aRoutedEventIsConfirmedAndAnUnroutedOneIsReturned() throws Exception {
        try (Channel channel = broker.connection().createChannel()) {
            channel.queueDeclare(names + ".allocated", true, false, false, null);
            channel.queueBind(names + ".allocated", settings.exchange(), "allocated.*");

            var refused = publisher.publish(List.of(
                    event(7, new Allocated("o1", "RED-CHAIR", 2, "b1", 3), "RED-CHAIR"),
                    event(8, new Deallocated("o1", "RED-CHAIR", 2, "b1", 4), "RED-CHAIR"),
                    event(9, new Allocated("o2", "LAMP", 1, "b2", 1), "LAMP")));

            assertThat(refused).containsOnlyKeys(8L);
            assertThat(refused.get(8L)).isEqualTo("returned by the broker: 312 NO_ROUTE");
            List<String> taken = new ArrayList<>();
            for (GetResponse message; (message = channel.basicGet(names + ".allocated", true)) != null; ) {
                taken.add(message.getProps().getMessageId() + " " + message.getEnvelope().getRoutingKey() + " "
                        + message.getProps().getDeliveryMode() + " "
                        + new String(message.getBody(), StandardCharsets.UTF_8));
            }
            assertThat(taken).containsExactly(
                    "7 allocated.RED-CHAIR 2 {\"type\":\"allocated\",\"orderid\":\"o1\",\"sku\":\"RED-CHAIR\",\"qty\":2,"
                            + "\"batchref\":\"b1\",\"version\":3}",
                    "9 allocated.LAMP 2 {\"type\":\"allocated\",\"orderid\":\"o2\",\"sku\":\"LAMP\",\"qty\":1,"
                            + "\"batchref\":\"b2\",\"version\":1}");
        }
    }

    @Test
    void aNackedEventIsRefusedAndTheEventsAckedBesideItAreNot() throws Exception {
        try (Channel channel = broker.connection().createChannel()) {
            // A queue that holds one message and nacks what comes while it is full.
            channel.queueDeclare(names + ".allocated", true, false, false,
                    Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
            channel.queueBind(names + ".allocated", settings.exchange(), "allocated.*");

            var refused = publisher.publish(List.of(event(1, new Allocated("o1", "LAMP", 1, "b1", 1), "LAMP"),
                    event(2, new Allocated("o2", "RUG", 1, "b2", 1), "RUG"),
                    event(3, new Allocated("o3", "SOFA", 1, "b3", 1), "SOFA")));

            assertThat(refused).containsOnlyKeys(2L, 3L);
            assertThat(refused.get(2L)).isEqualTo("nacked by the broker");
            assertThat(channel.basicGet(names + ".allocated", true).getProps().getMessageId()).isEqualTo("1");

            // The channel goes on: the next publish sees only its own nacks.
            assertThat(publisher.publish(List.of(event(4, new Allocated("o4", "DESK", 1, "b4", 1), "DESK")))).isEmpty();
        }
    }

    @Test
    void anEventWhoseRoutingKeyIsTooLongIsRefusedAndTheOthersGoOut() throws Exception {
        try (Channel channel = broker.connection().createChannel()) {
            channel.queueDeclare(names + ".allocated", true, false, false, null);
            channel.queueBind(names + ".allocated", settings.exchange(), "allocated.*");
            String longSku = "S".repeat(250); // a valid SKU, but "allocated." and it make 260 bytes

            var refused = publisher.publish(List.of(event(1, new Allocated("o1", longSku, 1, "b1", 1), longSku),
                    event(2, new Allocated("o2", "LAMP", 1, "b2", 1), "LAMP")));

            assertThat(refused).containsOnlyKeys(1L);
            assertThat(refused.get(1L)).startsWith("cannot be published: ");
            assertThat(channel.basicGet(names + ".allocated", true).getProps().getMessageId()).isEqualTo("2");
        }
    }

    @Test
    void aClosedConnectionMakesTheBrokerUnavailable() {
        broker.close();

        assertThatThrownBy(() -> publisher.publish(List.of(event(1, new Allocated("o1", "LAMP", 1, "b1", 1), "LAMP"))))
                .isInstanceOf(BrokerUnavailable.class)
                .hasMessageStartingWith("cannot publish to amqp://127.0.0.1:");
    }
}
