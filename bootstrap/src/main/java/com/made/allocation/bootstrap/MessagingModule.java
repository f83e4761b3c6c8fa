package com.made.allocation.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.made.allocation.adapters.amqp.EventMessages;
import com.made.allocation.adapters.email.LoggingNotifications;
import com.made.allocation.adapters.email.SmtpNotifications;
import com.made.allocation.adapters.email.SmtpSettings;
import com.made.allocation.bootstrap.Settings.OutboxSettings;
import com.made.allocation.bootstrap.metrics.CountingNotifications;
import com.made.allocation.service.handlers.HandlerRegistry;
import com.made.allocation.service.handlers.Handlers;
import com.made.allocation.service.handlers.Notifications;
import com.made.allocation.service.messagebus.BusMetrics;
import com.made.allocation.service.messagebus.Grouping;
import com.made.allocation.service.messagebus.MessageBus;
import com.made.allocation.service.messagebus.OutboxMessageBus.Retries;
import com.made.allocation.service.messagebus.OutboxMessageBus;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.outbox.Inbox;
import com.made.allocation.service.outbox.Outbox;
import com.made.allocation.service.outbox.OutboxDispatcher;
import com.made.allocation.service.unitofwork.BatchSkus;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Optional;

/** The handlers, the message bus and the outbox dispatcher, and where notifications go. */
final class MessagingModule extends AbstractModule {

    private final Optional<SmtpSettings> smtp;
    private final OutboxSettings outbox;
    private final boolean publishing;
    private final Grouping grouping;

    /**
     * @param publishing whether a broker takes the events other services listen to
     * @param grouping   how commands that queue up share transactions
     */
    MessagingModule(Optional<SmtpSettings> smtp, OutboxSettings outbox, boolean publishing, Grouping grouping) {
        this.smtp = smtp;
        this.outbox = outbox;
        this.publishing = publishing;
        this.grouping = grouping;
    }

    @Provides
    @Singleton
    Notifications notifications(Optional<PrometheusMeterRegistry> registry) {
        Notifications notifications = smtp.<Notifications>map(SmtpNotifications::new)
                .orElseGet(LoggingNotifications::new);
        return registry.<Notifications>map(meters -> new CountingNotifications(notifications, meters))
                .orElse(notifications);
    }

    @Provides
    @Singleton
    HandlerRegistry handlers(Notifications notifications) {
        return publishing ? Handlers.publishingRegistry(notifications) : Handlers.registry(notifications);
    }

    @Provides
    @Singleton
    OutboxMessageBus outboxMessageBus(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, Outbox outbox,
                                      Inbox inbox, BusMetrics metrics, CommittedPublications publications,
                                      BatchSkus batchSkus) {
        return new OutboxMessageBus(unitsOfWork, handlers, outbox, inbox, new EventMessages(),
                Retries.DEFAULT.withDeliveries(this.outbox.deliveryPolicy()), Clock.systemUTC(), metrics, publications,
                grouping, batchSkus);
    }

    @Provides
    @Singleton
    CommittedPublications publications() {
        return new CommittedPublications();
    }

    @Provides
    MessageBus messageBus(OutboxMessageBus bus) {
        return bus;
    }

    @Provides
    @Singleton
    OutboxDispatcher dispatcher(Outbox outbox, Inbox inbox, OutboxMessageBus bus) {
        return new OutboxDispatcher(outbox, inbox, bus::deliver, this.outbox.poll(), this.outbox.keepDone(),
                Clock.systemUTC());
    }
}
