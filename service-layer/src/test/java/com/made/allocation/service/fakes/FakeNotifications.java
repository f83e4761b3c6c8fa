package com.made.allocation.service.fakes;

import com.made.allocation.service.handlers.Notifications;
import java.util.ArrayList;
import java.util.List;

/** Records what would have been sent. */
public final class FakeNotifications implements Notifications {

    /** One notification: where it went and what it said. */
    public record Sent(String destination, String message) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public void send(String destination, String message) {
        sent.add(new Sent(destination, message));
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }
}
