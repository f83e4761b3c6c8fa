package com.made.allocation.bootstrap.metrics;

import com.made.allocation.service.handlers.Notifications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts the notifications sent and those that failed, around the real notifications. */
public final class CountingNotifications implements Notifications {

    private final Notifications notifications;
    private final Counter sent;
    private final Counter failed;

    public CountingNotifications(Notifications notifications, MeterRegistry registry) {
        this.notifications = notifications;
        this.sent = Counter.builder("allocation.mails").description("Out-of-stock notifications")
                .tag("outcome", "sent").register(registry);
        this.failed = Counter.builder("allocation.mails").description("Out-of-stock notifications")
                .tag("outcome", "failed").register(registry);
    }

    @Override
    public void send(String destination, String message) {
        try {
            notifications.send(destination, message);
            sent.increment();
        } catch (RuntimeException failure) {
            failed.increment();
            throw failure;
        }
    }
}
