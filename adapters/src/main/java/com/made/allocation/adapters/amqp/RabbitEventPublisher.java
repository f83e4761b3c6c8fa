package com.made.allocation.adapters.amqp;

import com.made.allocation.service.failures.BrokerUnavailable;
import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.publishing.EventPublisher;
import com.made.allocation.service.publishing.Publication;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes stored publications to the service's topic exchange as persistent messages: the bytes, type and
 * routing key they were stored with ({@link EventMessages}), and their stored id as message id. Messages are
 * mandatory and confirmed: one that no queue takes comes back and counts as refused, as does one the broker
 * nacks. Used by one thread, the relay's.
 */
public final class RabbitEventPublisher implements EventPublisher {

    private static final long CONFIRM_TIMEOUT_MS = 10_000;
    private static final int MAX_ROUTING_KEY_BYTES = 255;

    private final Broker broker;
    private final Map<String, String> returned = new ConcurrentHashMap<>();
    // Message by message: one nacked message must not refuse those acked beside it.
    private final Confirms confirms = new Confirms();
    private final AtomicBoolean recovered = new AtomicBoolean();
    private Channel channel;

    public RabbitEventPublisher(Broker broker) {
        this.broker = broker;
    }

    @Override
    public synchronized Map<Long, String> publish(List<Publication> events) {
        returned.clear();
        confirms.clear();
        recovered.set(false);
        Map<Long, String> refused = new LinkedHashMap<>();
        try {
            Channel publishing = channel();
            long firstSequenceNumber = publishing.getNextPublishSeqNo();
            Map<Long, Long> sequenceNumbers = new HashMap<>(); // by publication id
            for (Publication event : events) {
                EventMessage message = event.message();
                String routingKey = message.routingKey();
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .messageId(Long.toString(event.id()))
                        .type(message.type())
                        .contentType("application/json")
                        .contentEncoding("utf-8")
                        .deliveryMode(2)
                        .timestamp(new Date())
                        .appId("allocation-service")
                        .build();
                if (routingKey.getBytes(StandardCharsets.UTF_8).length > MAX_ROUTING_KEY_BYTES) {
                    // A SKU near its 255 characters: AMQP cannot carry the key, so the broker never sees it.
                    refused.put(event.id(), "cannot be published: routing key over " + MAX_ROUTING_KEY_BYTES + " bytes");
                    continue;
                }
                long sequenceNumber = publishing.getNextPublishSeqNo();
                sequenceNumbers.put(event.id(), sequenceNumber);
                confirms.expect(sequenceNumber);
                publishing.basicPublish(broker.settings().exchange(), routingKey, true, properties, message.body());
            }
            boolean allTaken = publishing.waitForConfirms(CONFIRM_TIMEOUT_MS);
            // A channel recovered in the meantime has none of these messages outstanding, and would say
            // they were all confirmed: what became of them is unknown, so they go out again.
            long sent = events.size() - refused.size();
            if (recovered.get() || publishing.getNextPublishSeqNo() != firstSequenceNumber + sent) {
                throw new IOException("the connection was recovered while publishing; confirms are unknown");
            }
            // A return comes before the confirm of its message, so every return is in by now.
            for (Publication event : events) {
                if (refused.containsKey(event.id())) {
                    continue;
                }
                String reason = returned.get(Long.toString(event.id()));
                if (reason != null) {
                    refused.put(event.id(), "returned by the broker: " + reason);
                } else if (!allTaken && confirms.isNacked(sequenceNumbers.get(event.id()))) {
                    refused.put(event.id(), "nacked by the broker");
                }
            }
            return refused;
        } catch (IOException | ShutdownSignalException | TimeoutException failure) {
            dropChannel();
            throw new BrokerUnavailable("cannot publish to " + broker.settings().address() + ": "
                    + failure.getClass().getSimpleName() + " " + failure.getMessage(), failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            dropChannel();
            throw new BrokerUnavailable("interrupted while waiting for the broker's confirms", interrupted);
        }
    }

    private Channel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            dropChannel();
            Channel created = broker.connection().createChannel();
            created.confirmSelect();
            // Declared again: whoever deleted it, the next publication makes it exist.
            broker.declareExchange();
            created.addReturnListener(back -> returned.put(String.valueOf(back.getProperties().getMessageId()),
                    back.getReplyCode() + " " + back.getReplyText()));
            created.addConfirmListener(confirms::acked, confirms::nacked);
            ((Recoverable) created).addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable channel) {
                    recovered.set(true);
                }

                @Override
                public void handleRecoveryStarted(Recoverable channel) {
                    recovered.set(true);
                }
            });
            channel = created;
        }
        return channel;
    }

    private void dropChannel() {
        if (channel != null) {
            try {
                channel.abort();
            } catch (IOException | RuntimeException alreadyGone) {
                // nothing to do: a broken channel is dropped either way
            }
            channel = null;
        }
    }
}
