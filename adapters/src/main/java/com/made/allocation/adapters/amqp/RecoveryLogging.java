package com.made.allocation.adapters.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.TopologyRecoveryException;
import com.rabbitmq.client.impl.DefaultExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the AMQP client reports while its connection recovers, as single lines without stack traces: a broker
 * that went away is an expected failure. The broker link says once that the connection is lost and once that
 * it is back; the failed attempts in between are DEBUG. Everything else keeps the client's own handling.
 */
final class RecoveryLogging extends DefaultExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    @Override
    public void handleUnexpectedConnectionDriverException(Connection connection, Throwable failure) {
        log.debug("Broker connection failed: {}", Broker.describe(failure));
    }

    @Override
    public void handleConnectionRecoveryException(Connection connection, Throwable failure) {
        log.debug("Broker not reachable yet: {}", Broker.describe(failure));
    }

    @Override
    public void handleChannelRecoveryException(Channel channel, Throwable failure) {
        log.warn("Broker channel {} not recovered: {}", channel.getChannelNumber(), Broker.describe(failure));
    }

    @Override
    public void handleTopologyRecoveryException(Connection connection, Channel channel,
                                                TopologyRecoveryException failure) {
        log.warn("Broker topology not recovered: {}", Broker.describe(failure));
    }
}
