package com.made.allocation.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.made.allocation.adapters.amqp.Broker;
import com.made.allocation.adapters.amqp.BrokerSettings;
import com.made.allocation.adapters.amqp.RabbitEventPublisher;
import com.made.allocation.bootstrap.Settings.OutboxSettings;
import com.made.allocation.entrypoints.broker.CommandConsumer;
import com.made.allocation.service.messagebus.MessageBus;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.publishing.EventRelay;
import com.made.allocation.service.publishing.Publications;
import java.time.Clock;

/** The broker, when there is one: the connection, the relay that publishes events, the command consumer. */
final class BrokerModule extends AbstractModule {

    // Commands handled side by side by one instance; the bus and the database do the rest.
    private static final int CONSUMERS = 2;

    private final BrokerSettings settings;
    private final OutboxSettings outbox;

    BrokerModule(BrokerSettings settings, OutboxSettings outbox) {
        this.settings = settings;
        this.outbox = outbox;
    }

    @Provides
    @Singleton
    Broker broker() {
        return Broker.connect(settings);
    }

    @Provides
    @Singleton
    EventRelay relay(Publications publications, Broker broker, CommittedPublications committed) {
        // A refused event is retried like a failed delivery: the same attempts and backoff.
        return new EventRelay(publications, new RabbitEventPublisher(broker), this.outbox.deliveryPolicy(), committed,
                this.outbox.poll(), this.outbox.lease(), Clock.systemUTC());
    }

    @Provides
    @Singleton
    CommandConsumer consumer(Broker broker, MessageBus bus) {
        return new CommandConsumer(broker.connection(), broker::declareQueues, settings.commandQueue(),
                settings.deadLetterQueue(), bus, CONSUMERS);
    }

    @Provides
    @Singleton
    BrokerLink link(Broker broker, EventRelay relay, CommandConsumer consumer) {
        return new BrokerLink(broker, relay, consumer);
    }
}
