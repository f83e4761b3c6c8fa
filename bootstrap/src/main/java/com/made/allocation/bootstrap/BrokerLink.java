package com.made.allocation.bootstrap;

import com.made.allocation.adapters.amqp.Broker;
import com.made.allocation.entrypoints.broker.CommandConsumer;
import com.made.allocation.service.publishing.EventRelay;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The service's side of the broker, started and stopped together: events out, commands in. */
final class BrokerLink implements AutoCloseable {

    private final Broker broker;
    private final EventRelay relay;
    private final CommandConsumer consumer;

    BrokerLink(Broker broker, EventRelay relay, CommandConsumer consumer) {
        this.broker = broker;
        this.relay = relay;
        this.consumer = consumer;
    }

    /** Starts publishing, then consuming. */
    void start() {
        relay.start();
        try {
            consumer.start();
        } catch (IOException refused) {
            throw new UncheckedIOException("the broker refused the command consumer", refused);
        }
    }

    /** Stops taking commands; the rest keeps running (a stop's first step). */
    void stopConsuming() {
        consumer.close();
    }

    /** Stops consuming first, so no command starts that could not finish, then publishing, then the connection. */
    @Override
    public void close() {
        try {
            consumer.close();
        } finally {
            try {
                relay.close();
            } finally {
                broker.close();
            }
        }
    }
}
