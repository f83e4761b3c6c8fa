package com.made.allocation.entrypoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.made.allocation.domain.ConflictingOrderLine;
import com.made.allocation.service.Command;
import com.made.allocation.service.ConcurrencyConflict;
import com.made.allocation.service.DuplicateBatchRef;
import com.made.allocation.service.InvalidBatchRef;
import com.made.allocation.service.InvalidSku;
import com.made.allocation.service.MessageBus;
import com.made.allocation.service.RequestContext;
import com.made.allocation.service.StorageUnavailable;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes commands from the broker's command queue and hands them to the bus, as the HTTP API does with
 * requests, and validated the same way. A message is acknowledged after its handling committed; one whose
 * id was handled before is acknowledged at once. One that cannot be handled (malformed, refused by the
 * domain, still conflicting after the bus's retries) goes to the dead-letter queue, the reason in its
 * {@code reason} header. While the database is away, messages are given back to the queue, after a pause.
 */
public final class CommandConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandConsumer.class);
    private static final int PREFETCH = 10;
    private static final long STORAGE_PAUSE_MS = 1000;
    private static final long CONFIRM_TIMEOUT_MS = 10_000;
    // A sender's message id goes into log lines only when it cannot forge one.
    private static final Pattern PRINTABLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final Connection connection;
    private final String queue;
    private final String deadLetterQueue;
    private final MessageBus bus;
    private final int consumers;
    private final JsonBodyReader bodies = new JsonBodyReader(new ObjectMapper(), AllocationApi.MAX_BODY_BYTES);
    private final List<Channel> channels = new ArrayList<>();

    /**
     * @param consumers how many messages are handled side by side (one channel each)
     */
    public CommandConsumer(Connection connection, String queue, String deadLetterQueue, MessageBus bus,
                           int consumers) {
        this.connection = connection;
        this.queue = queue;
        this.deadLetterQueue = deadLetterQueue;
        this.bus = bus;
        this.consumers = consumers;
    }

    /** Starts consuming. @throws IOException when the broker refuses */
    public synchronized void start() throws IOException {
        for (int i = 0; i < consumers; i++) {
            Channel channel = connection.createChannel();
            channel.basicQos(PREFETCH);
            channel.confirmSelect(); // dead letters are confirmed before their message is acknowledged
            channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) throws IOException {
                    consume(getChannel(), envelope, properties, body);
                }
            });
            channels.add(channel);
        }
        log.info("Consuming commands from queue {}", queue);
    }

    private void consume(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        String messageId = properties.getMessageId();
        String logged = messageId != null && PRINTABLE_ID.matcher(messageId).matches() ? messageId : "(unprintable id)";
        try {
            RequestContext.begin("amqp-" + logged);
            String reason = handle(messageId, logged, body);
            if (reason != null) {
                deadLetter(channel, properties, body, reason);
                log.warn("Command message {} dead-lettered: {}", logged, reason);
            }
            channel.basicAck(envelope.getDeliveryTag(), false);
        } catch (StorageUnavailable | DeadLetterFailed transientFailure) {
            log.warn("Command message {} given back to the queue: {}", logged, transientFailure.getMessage());
            pause();
            channel.basicNack(envelope.getDeliveryTag(), false, true);
        } finally {
            RequestContext.clear();
        }
    }

    /** Handles one message; returns why it cannot be handled, or null when it was (or had been). */
    private String handle(String messageId, String logged, byte[] body) {
        if (messageId == null || messageId.isBlank()) {
            return "message_id is required: it is how a message sent twice is handled once";
        }
        try {
            Command<?> command = Messages.command(bodies.read(body));
            if (!bus.handleOnce(messageId, command)) {
                log.debug("Command message {} was handled before; acknowledged", logged);
            }
            return null;
        } catch (InvalidRequest | BodyTooLarge | InvalidSku | InvalidBatchRef | DuplicateBatchRef
                 | ConflictingOrderLine refused) {
            return refused.getMessage();
        } catch (ConcurrencyConflict conflict) {
            return "the product kept changing under the command; retries exhausted";
        } catch (StorageUnavailable storage) {
            throw storage;
        } catch (RuntimeException unexpected) {
            log.error("Command message {} failed", logged, unexpected);
            return "internal error";
        }
    }

    private void deadLetter(Channel channel, AMQP.BasicProperties original, byte[] body, String reason) {
        Map<String, Object> headers = new HashMap<>();
        if (original.getHeaders() != null) {
            headers.putAll(original.getHeaders());
        }
        headers.put("reason", reason);
        AMQP.BasicProperties properties = original.builder().headers(headers).deliveryMode(2).build();
        boolean confirmed;
        try {
            channel.basicPublish("", deadLetterQueue, false, properties, body);
            // Not waitForConfirmsOrDie: it closes the channel on a nack, and the consumer on it with it.
            confirmed = channel.waitForConfirms(CONFIRM_TIMEOUT_MS);
        } catch (IOException | TimeoutException | RuntimeException failed) {
            throw new DeadLetterFailed(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DeadLetterFailed(interrupted);
        }
        if (!confirmed) {
            throw new DeadLetterFailed(new IOException("the broker nacked the dead letter"));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(STORAGE_PAUSE_MS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The dead-letter queue did not confirm: the message goes back to its queue instead. */
    private static final class DeadLetterFailed extends RuntimeException {
        DeadLetterFailed(Throwable cause) {
            super("dead-lettering failed: " + cause.getMessage(), cause);
        }
    }

    /** Stops taking messages; a message being handled finishes first. */
    @Override
    public synchronized void close() {
        for (Channel channel : channels) {
            try {
                channel.close();
            } catch (IOException | TimeoutException | RuntimeException alreadyClosed) {
                log.debug("Consumer channel closed uncleanly: {}", alreadyClosed.getMessage());
            }
        }
        channels.clear();
    }
}
