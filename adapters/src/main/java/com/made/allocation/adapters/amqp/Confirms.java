package com.made.allocation.adapters.amqp;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The broker's confirms of the messages published on one channel, followed message by message. An ack or a
 * nack settles only messages still unconfirmed: with {@code multiple} it covers those up to its tag, and a
 * broker may ack one message on its own and later nack the ones around it with {@code multiple}, so a
 * nack never reaches back to a message already acked. Written by the connection's thread, read by the
 * publisher's.
 */
final class Confirms {

    private final NavigableSet<Long> unconfirmed = new ConcurrentSkipListSet<>();
    private final Set<Long> nacked = ConcurrentHashMap.newKeySet();

    /** Forgets the messages of an earlier publish. */
    void clear() {
        unconfirmed.clear();
        nacked.clear();
    }

    /** A message about to be published with this sequence number: to be registered before it is sent. */
    void expect(long sequenceNumber) {
        unconfirmed.add(sequenceNumber);
    }

    void acked(long tag, boolean multiple) {
        settle(tag, multiple);
    }

    void nacked(long tag, boolean multiple) {
        nacked.addAll(settle(tag, multiple));
    }

    /** True if the broker nacked the message with this sequence number. */
    boolean isNacked(long sequenceNumber) {
        return nacked.contains(sequenceNumber);
    }

    private List<Long> settle(long tag, boolean multiple) {
        if (!multiple) {
            return unconfirmed.remove(tag) ? List.of(tag) : List.of();
        }
        // The publisher adds only numbers above any the broker can confirm yet: the view holds what was copied.
        NavigableSet<Long> covered = unconfirmed.headSet(tag, true);
        List<Long> settled = new ArrayList<>(covered);
        covered.clear();
        return settled;
    }
}
