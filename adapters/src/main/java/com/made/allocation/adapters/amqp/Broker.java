package com.made.allocation.adapters.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's one connection to the broker, and the exchange and queues it needs there. The connection
 * recovers by itself after the broker went away (with its channels and consumers), so that an outage only
 * delays publishing and consuming.
 */
public final class Broker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final BrokerSettings settings;
    private final Connection connection;
    private final Channel topology;

    private Broker(BrokerSettings settings, Connection connection, Channel topology) {
        this.settings = settings;
        this.connection = connection;
        this.topology = topology;
    }

    /**
     * Connects and declares the exchange, the command queue and its dead-letter queue, all durable.
     *
     * @throws IllegalStateException when the broker cannot be reached or refuses the service
     */
    public static Broker connect(BrokerSettings settings) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(settings.url());
            if (factory.isSSL()) {
                // setUri alone trusts any certificate; the JVM's trust store and the host name decide instead.
                factory.useSslProtocol(SSLContext.getDefault());
                factory.enableHostnameVerification();
            }
        } catch (Exception malformed) {
            throw new IllegalArgumentException("AMQP_URL is not an amqp:// URL: " + settings.address());
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
        factory.setConnectionTimeout(5000);
        factory.setRequestedHeartbeat(10); // a broker that vanished is noticed within seconds
        factory.setExceptionHandler(new RecoveryLogging());
        Connection connection = null;
        try {
            connection = factory.newConnection("allocation-service");
            // Declared on a channel that stays open: the client declares them again after a reconnect on the
            // channel that first declared them, and a closed one would leave them undeclared.
            Channel topology = connection.createChannel();
            declareExchange(topology, settings);
            declareQueues(topology, settings);
            connection.addShutdownListener(cause -> {
                if (!cause.isInitiatedByApplication()) {
                    log.warn("Broker connection lost, reconnecting: {}: {}", settings.address(), describe(cause));
                }
            });
            ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    log.info("Broker connection recovered: {}", settings.address());
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    // the shutdown listener has said so, with the cause
                }
            });
            log.info("Connected to the broker at {}", settings.address());
            return new Broker(settings, connection, topology);
        } catch (IOException | TimeoutException unreachable) {
            if (connection != null) {
                connection.abort(); // it connected, but a declaration was refused
            }
            throw new IllegalStateException("cannot reach the broker at " + settings.address() + ": "
                    + describe(unreachable), unreachable);
        }
    }

    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /**
     * Declares the exchange again, as after a reconnect, in case it was deleted meanwhile. Always on the
     * channel that declared it first: the client records each declaration with its channel, and declares it
     * again on that channel after a reconnect, so a declaration on a channel that is later closed would be lost.
     */
    public synchronized void declareExchange() throws IOException {
        declareExchange(topology, settings);
    }

    private static void declareExchange(Channel channel, BrokerSettings settings) throws IOException {
        channel.exchangeDeclare(settings.exchange(), BuiltinExchangeType.TOPIC, true);
    }

    /** Declares the command queue and its dead-letter queue again, in case they were deleted meanwhile. */
    public synchronized void declareQueues() throws IOException {
        declareQueues(topology, settings);
    }

    private static void declareQueues(Channel channel, BrokerSettings settings) throws IOException {
        channel.queueDeclare(settings.commandQueue(), true, false, false, null);
        channel.queueDeclare(settings.deadLetterQueue(), true, false, false, null);
    }

    /** The connection, for the publisher's and the consumers' channels. */
    public Connection connection() {
        return connection;
    }

    /** What the service uses on the broker. */
    public BrokerSettings settings() {
        return settings;
    }

    /** Whether the connection is up now (it is not while it recovers). */
    public boolean isConnected() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        try {
            connection.close(5000);
        } catch (IOException | RuntimeException closing) {
            log.debug("Broker connection closed uncleanly: {}", closing.getMessage());
        }
    }
}
