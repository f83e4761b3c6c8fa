package com.made.allocation.service.fakes;

import com.made.allocation.service.outbox.AlreadyDelivered;
import com.made.allocation.service.outbox.AlreadyReceived;
import com.made.allocation.service.outbox.Delivery.Envelope;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.Inbox;
import com.made.allocation.service.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The outbox of deliveries and the inbox in memory, with the rules of the real ones. */
public final class FakeOutbox extends FakeMessageTable<Delivery> implements Outbox, Inbox {

    private final Map<String, Instant> inbox = new HashMap<>();

    public FakeOutbox(Duration lease, Clock clock) {
        super(lease, clock);
    }

    /** Stores the envelopes as pending deliveries, leased for the in-process handling that follows. */
    public synchronized List<Delivery> store(List<Envelope> outgoing) {
        List<Delivery> stored = new ArrayList<>();
        for (Envelope envelope : outgoing) {
            stored.add(insert(id -> new Delivery(id, envelope.message(), envelope.handler(), 0, envelope.requestId()),
                    clock.instant().plus(lease)));
        }
        return stored;
    }

    /** Marks a pending delivery done. @throws AlreadyDelivered when it is not pending */
    public synchronized void markDone(Delivery delivery) {
        if (!markDone(delivery.id())) {
            throw new AlreadyDelivered(delivery.id());
        }
    }

    /** Records a received message id. @throws AlreadyReceived when it was recorded before */
    public synchronized void receive(String messageId) {
        if (inbox.putIfAbsent(messageId, clock.instant()) != null) {
            throw new AlreadyReceived(messageId);
        }
    }

    @Override
    public synchronized boolean wasReceived(String messageId) {
        return inbox.containsKey(messageId);
    }

    @Override
    public synchronized void forgetBefore(Instant cutoff) {
        inbox.values().removeIf(received -> received.isBefore(cutoff));
    }

    @Override
    public synchronized List<Delivery> claimDue(int limit) {
        Instant now = clock.instant();
        List<Delivery> due = new ArrayList<>();
        for (Entry<Delivery> entry : entries()) {
            if (due.size() < limit && entry.isDue(now)) {
                Delivery delivery = entry.message();
                due.add(new Delivery(delivery.id(), delivery.message(), delivery.handler(), entry.attempts(),
                        delivery.requestId()));
                leased(entry);
            }
        }
        return due;
    }

    @Override
    public synchronized int purgeDoneBefore(Instant cutoff) {
        return super.purgeDoneBefore(cutoff);
    }
}
