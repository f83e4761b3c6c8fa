package com.made.allocation.adapters.email;

import com.made.allocation.service.handlers.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each notification to the log, for a service run without a mail server. */
public final class LoggingNotifications implements Notifications {

    private static final Logger log = LoggerFactory.getLogger(LoggingNotifications.class);

    @Override
    public void send(String destination, String message) {
        log.info("Notification for {} (no SMTP host configured): {}", OneLine.of(destination), OneLine.of(message));
    }
}
