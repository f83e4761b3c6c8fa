package com.made.allocation.adapters.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every order of confirms that AMQP allows for three messages, each acked or nacked: a confirm settles any one
 * unconfirmed message, or with {@code multiple} every unconfirmed message up to its tag, all of which then get
 * its outcome. Whatever the order, exactly the nacked messages are nacked.
 */
class ConfirmsTest {

    private static final int MESSAGES = 3;
    private static final long FIRST_TAG = 41; // a channel's numbers go on from earlier publishes

    /** One confirm as the broker sends it. */
    record Confirm(long tag, boolean multiple, boolean nack) {
        @Override
        public String toString() {
            return (nack ? "nack " : "ack ") + tag + (multiple ? " multiple" : "");
        }
    }

    static Stream<Object[]> everyAllowedOrder() {
        List<Object[]> cases = new ArrayList<>();
        for (int outcomes = 0; outcomes < 1 << MESSAGES; outcomes++) {
            Set<Long> nacked = new TreeSet<>();
            for (int i = 0; i < MESSAGES; i++) {
                if ((outcomes & 1 << i) != 0) {
                    nacked.add(FIRST_TAG + i);
                }
            }
            TreeSet<Long> all = new TreeSet<>(LongStream.range(FIRST_TAG, FIRST_TAG + MESSAGES).boxed().toList());
            for (List<Confirm> order : orders(all, nacked)) {
                cases.add(new Object[] {nacked, order});
            }
        }
        return cases.stream();
    }

    /** Every sequence of confirms that settles {@code unconfirmed}, each message with its outcome. */
    private static List<List<Confirm>> orders(TreeSet<Long> unconfirmed, Set<Long> nacked) {
        if (unconfirmed.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Confirm>> orders = new ArrayList<>();
        for (long tag : unconfirmed) {
            boolean nack = nacked.contains(tag);
            TreeSet<Long> rest = new TreeSet<>(unconfirmed);
            rest.remove(tag);
            for (List<Confirm> after : orders(rest, nacked)) {
                orders.add(prepend(new Confirm(tag, false, nack), after));
            }
            // multiple: allowed when every unconfirmed message up to the tag has the same outcome
            Set<Long> covered = unconfirmed.headSet(tag, true);
            if (covered.size() > 1 && covered.stream().allMatch(each -> nacked.contains(each) == nack)) {
                TreeSet<Long> left = new TreeSet<>(unconfirmed.tailSet(tag, false));
                for (List<Confirm> after : orders(left, nacked)) {
                    orders.add(prepend(new Confirm(tag, true, nack), after));
                }
            }
        }
        return orders;
    }

    private static List<Confirm> prepend(Confirm first, List<Confirm> rest) {
        List<Confirm> order = new ArrayList<>();
        order.add(first);
        order.addAll(rest);
        return order;
    }

    @ParameterizedTest(name = "nacked {0}: {1}")
    @MethodSource("everyAllowedOrder")
    void exactlyTheNackedMessagesAreNacked(Set<Long> nacked, List<Confirm> order) {
        Confirms confirms = new Confirms();
        for (long tag = FIRST_TAG; tag < FIRST_TAG + MESSAGES; tag++) {
            confirms.expect(tag);
        }

        for (Confirm confirm : order) {
            if (confirm.nack()) {
                confirms.nacked(confirm.tag(), confirm.multiple());
            } else {
                confirms.acked(confirm.tag(), confirm.multiple());
            }
        }

        for (long tag = FIRST_TAG; tag < FIRST_TAG + MESSAGES; tag++) {
            assertThat(confirms.isNacked(tag)).as("message %d", tag).isEqualTo(nacked.contains(tag));
        }
    }

    @Test
    void theOrdersIncludeAnAckFollowedByAMultipleNackOfTheMessagesAfterIt() {
        // The shape that a nack's "multiple" read as "everything below" got wrong: kept here so that the
        // generator above cannot quietly stop producing it.
        List<Confirm> wrongBefore = List.of(new Confirm(41, false, false), new Confirm(43, true, true));
        assertThat(everyAllowedOrder().map(each -> each[1])).contains(wrongBefore);
    }
}
