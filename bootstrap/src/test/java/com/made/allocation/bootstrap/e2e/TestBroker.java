package com.made.allocation.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.impl.DefaultExceptionHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A test's view of a RabbitMQ broker, as another service would use it: names of its own for the service's
 * exchange and queues (so tests never see each other's messages), a queue that takes every event the
 * service publishes, and commands sent to the service. The shared broker is found through the system
 * property {@code test.amqp.url}; {@link #on(String)} takes another one (a broker the test controls).
 */
final class TestBroker implements AutoCloseable {

    static final String SHARED_URL = System.getProperty("test.amqp.url", "amqp://guest:guest@127.0.0.1:5672");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message the service published: its properties and its JSON body. */
    record Published(String messageId, String type, String routingKey, int deliveryMode, String contentType,
                     JsonNode body, Map<String, Object> headers) {
    }

    private final String url;
    private final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private Connection connection;
    private Channel channel;

    private TestBroker(String url) {
        this.url = url;
        reconnect();
    }

    /** Connects (again, after the broker was restarted) and declares the exchange and the events queue. */
    void reconnect() {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(url);
            factory.setAutomaticRecoveryEnabled(false);
            // The tests stop and restart brokers on purpose: a connection reset is no news (reconnect() follows).
            factory.setExceptionHandler(new DefaultExceptionHandler() {
                @Override
                public void handleUnexpectedConnectionDriverException(Connection lost, Throwable reset) {
                }
            });
            connection = factory.newConnection("allocation-test");
            channel = connection.createChannel();
            channel.confirmSelect();
            // Declared before the service starts, so that no event it publishes finds no queue.
            channel.exchangeDeclare(exchange(), BuiltinExchangeType.TOPIC, true);
            channel.queueDeclare(eventsQueue(), true, false, false, null);
            channel.queueBind(eventsQueue(), exchange(), "#");
        } catch (Exception unreachable) {
            throw new IllegalStateException("no RabbitMQ at " + url, unreachable);
        }
    }

    /** On the shared broker. */
    static TestBroker shared() {
        return new TestBroker(SHARED_URL);
    }

    /** On the broker at {@code url}. */
    static TestBroker on(String url) {
        return new TestBroker(url);
    }

    /** The service's settings for this broker and these names. */
    Map<String, String> serviceEnv() {
        return Map.of("AMQP_URL", url, "AMQP_EXCHANGE", exchange(), "AMQP_COMMAND_QUEUE", commandQueue());
    }

    String exchange() {
        return prefix + ".events";
    }

    String commandQueue() {
        return prefix + ".commands";
    }

    String eventsQueue() {
        return prefix + ".all-events";
    }

    /** Sends a command as another service would: persistent JSON, with a message id, confirmed. */
    void send(String messageId, String json) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().messageId(messageId)
                .contentType("application/json").deliveryMode(2).build();
        try {
            channel.basicPublish("", commandQueue(), true, properties, json.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
        } catch (Exception failed) {
            throw new IllegalStateException("could not send a command", failed);
        }
    }

    /** Sends raw bytes without a message id, as a broken sender would. */
    void sendRaw(AMQP.BasicProperties properties, byte[] body) throws Exception {
        channel.basicPublish("", commandQueue(), true, properties, body);
        channel.waitForConfirmsOrDie(10_000);
    }

    /** The next event the service published, waiting up to {@code limit}. */
    Optional<Published> nextEvent(Duration limit) {
        return next(eventsQueue(), limit);
    }

    /** Every event that arrives until none has for {@code quiet}. */
    List<Published> eventsUntilQuiet(Duration quiet) {
        List<Published> events = new ArrayList<>();
        for (Optional<Published> event = nextEvent(quiet); event.isPresent(); event = nextEvent(quiet)) {
            events.add(event.get());
        }
        return events;
    }

    /** How many commands wait in the command queue, none of them taken by a consumer. */
    long commandsWaiting() {
        try {
            return channel.queueDeclarePassive(commandQueue()).getMessageCount();
        } catch (IOException failed) {
            throw new IllegalStateException("could not read " + commandQueue(), failed);
        }
    }

    /** How many consumers the command queue has: none once the service's channels are closed. */
    long commandConsumers() {
        try {
            return channel.queueDeclarePassive(commandQueue()).getConsumerCount();
        } catch (IOException failed) {
            throw new IllegalStateException("could not read " + commandQueue(), failed);
        }
    }

    /** Takes every command waiting in the command queue; their message ids, in queue order. */
    List<String> takeCommands() {
        List<String> ids = new ArrayList<>();
        try {
            for (GetResponse taken = channel.basicGet(commandQueue(), true); taken != null;
                 taken = channel.basicGet(commandQueue(), true)) {
                ids.add(taken.getProps().getMessageId());
            }
        } catch (IOException failed) {
            throw new IllegalStateException("could not read " + commandQueue(), failed);
        }
        return ids;
    }

    /** How many dead letters wait in the dead-letter queue (0 when the service has not declared it yet). */
    long deadLettersWaiting() {
        try (Channel asking = connection.createChannel()) {
            return asking.queueDeclarePassive(commandQueue() + ".dead").getMessageCount();
        } catch (IOException | java.util.concurrent.TimeoutException notThere) {
            return 0;
        }
    }

    /** Deletes the command queue and its dead-letter queue, as an operator might, with whatever they hold. */
    void deleteCommandQueues() throws IOException {
        channel.queueDelete(commandQueue());
        channel.queueDelete(commandQueue() + ".dead");
    }

    /** Whether the command queue exists (asked on a channel of its own: a failed passive declare closes it). */
    boolean commandQueueExists() {
        try (Channel asking = connection.createChannel()) {
            asking.queueDeclarePassive(commandQueue());
            return true;
        } catch (IOException | java.util.concurrent.TimeoutException notThere) {
            return false;
        }
    }

    /** The next dead letter, waiting up to {@code limit}. */
    Optional<Published> nextDeadLetter(Duration limit) {
        return next(commandQueue() + ".dead", limit);
    }

    private Optional<Published> next(String queue, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                GetResponse response = channel.basicGet(queue, true);
                if (response != null) {
                    AMQP.BasicProperties properties = response.getProps();
                    JsonNode body;
                    try {
                        body = JSON.readTree(response.getBody());
                    } catch (IOException notJson) {
                        body = JSON.getNodeFactory().textNode(new String(response.getBody(), StandardCharsets.UTF_8));
                    }
                    return Optional.of(new Published(properties.getMessageId(), properties.getType(),
                            response.getEnvelope().getRoutingKey(),
                            properties.getDeliveryMode() == null ? 0 : properties.getDeliveryMode(),
                            properties.getContentType(), body,
                            properties.getHeaders() == null ? Map.of() : properties.getHeaders()));
                }
                if (System.nanoTime() > deadline) {
                    return Optional.empty();
                }
                Thread.sleep(20);
            }
        } catch (IOException | InterruptedException failed) {
            throw new IllegalStateException("could not read " + queue, failed);
        }
    }

    /** Deletes what the test declared (and what the service declared under the test's names). */
    @Override
    public void close() {
        try {
            for (String queue : List.of(eventsQueue(), commandQueue(), commandQueue() + ".dead")) {
                channel.queueDelete(queue);
            }
            channel.exchangeDelete(exchange());
            connection.close();
        } catch (Exception alreadyGone) {
            // the broker may be gone (a test stopped it); nothing of it is left to delete then
        }
    }
}
