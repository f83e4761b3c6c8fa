package com.made.allocation.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.made.allocation.adapters.email.LoggingNotifications;
import com.made.allocation.adapters.email.SmtpNotifications;
import com.made.allocation.adapters.email.SmtpSettings;
import com.made.allocation.service.MessageBus;
import com.made.allocation.service.Notifications;
import com.made.allocation.service.RetryPolicy;
import com.made.allocation.service.UnitOfWorkFactory;
import com.made.allocation.service.handlers.Handlers;
import java.util.Optional;

/** The message bus with the service's handlers, and where notifications go. */
final class MessagingModule extends AbstractModule {

    private final Optional<SmtpSettings> smtp;

    MessagingModule(Optional<SmtpSettings> smtp) {
        this.smtp = smtp;
    }

    @Provides
    @Singleton
    Notifications notifications() {
        return smtp.<Notifications>map(SmtpNotifications::new).orElseGet(LoggingNotifications::new);
    }

    @Provides
    @Singleton
    MessageBus messageBus(UnitOfWorkFactory unitsOfWork, Notifications notifications) {
        return new MessageBus(unitsOfWork, Handlers.registry(notifications), RetryPolicy.DEFAULT);
    }
}
