package com.made.allocation.entrypoints.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.made.allocation.entrypoints.AllocationApi;
import com.made.allocation.entrypoints.messages.JsonBodyReader;
import com.made.allocation.entrypoints.messages.Messages;
import com.made.allocation.service.commands.Command;
import com.made.allocation.service.failures.Failure;
import com.made.allocation.service.messagebus.MessageBus;
import com.made.allocation.service.outbox.RetryPolicy;
import com.made.allocation.service.unitofwork.RequestContext;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes commands from the broker's command queue and hands them to the bus, as the HTTP API does with
 * requests, and validated the same way. A message is acknowledged after its handling committed; one whose
 * id was handled before is acknowledged at once. One that cannot be handled (malformed, refused by the
 * domain, or a fault of the service: see {@link Failure}) goes to the dead-letter queue, the reason in its
 * {@code reason} header. One that can be handled later (the database is away, the product kept changing
 * under the bus's retries) is given back to the queue, after a pause.
 */
public final class CommandConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandConsumer.class);
    private static final int PREFETCH = 10;
    private static final long CONFIRM_TIMEOUT_MS = 10_000;
    private static final long STOP_WAIT_MS = 10_000;
    // A sender's message id goes into log lines only when it cannot forge one.
    private static final Pattern PRINTABLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final Connection connection;
    private final QueueDeclarations queues;
    private final String queue;
    private final String deadLetterQueue;
    private final MessageBus bus;
    private final int consumers;
    private final JsonBodyReader bodies = new JsonBodyReader(new ObjectMapper(), AllocationApi.MAX_BODY_BYTES);
    private final List<Channel> channels = new ArrayList<>();
    private final Map<Channel, String> consumerTags = new HashMap<>();
    private final Object handling = new Object();
    private int inFlight; // guarded by handling
    private final ScheduledExecutorService reopening = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "command-consumer-reopen");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closing;

    /** Makes the command queue and its dead-letter queue exist, as the broker's settings declare them. */
    @FunctionalInterface
    public interface QueueDeclarations {
        void declare() throws IOException;
    }

    /**
     * @param queues    declared again whenever a consumer's channel is opened: whoever deleted them, consuming
     *                  makes them exist
     * @param consumers how many messages are handled side by side (one channel each)
     */
    public CommandConsumer(Connection connection, QueueDeclarations queues, String queue, String deadLetterQueue,
                           MessageBus bus, int consumers) {
        this.connection = connection;
        this.queues = queues;
        this.queue = queue;
        this.deadLetterQueue = deadLetterQueue;
        this.bus = bus;
        this.consumers = consumers;
    }

    /** Starts consuming. @throws IOException when the broker refuses */
    public synchronized void start() throws IOException {
        for (int i = 0; i < consumers; i++) {
            channels.add(open());
        }
        log.info("Consuming commands from queue {}", queue);
    }

    /**
     * A channel with its consumer. The connection's recovery brings channels back after a connection
     * failure; a channel the broker closed for its own fault (a channel error), or whose consumer it cancelled,
     * is replaced here.
     */
    private Channel open() throws IOException {
        queues.declare();
        Channel channel = connection.createChannel();
        channel.basicQos(PREFETCH);
        channel.confirmSelect(); // dead letters are confirmed before their message is acknowledged
        AtomicBoolean deadLetterReturned = new AtomicBoolean();
        channel.addReturnListener(back -> deadLetterReturned.set(true));
        String tag = channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                       byte[] body) {
                if (!beginHandling()) {
                    giveBack(getChannel(), envelope);
                    return;
                }
                try {
                    consume(getChannel(), envelope, properties, body, deadLetterReturned);
                } catch (IOException | RuntimeException channelGone) {
                    // Unacknowledged, the message comes again on another channel (the inbox knows it).
                    log.warn("Command message not acknowledged: {}", channelGone.getMessage());
                } finally {
                    endHandling();
                }
            }

            @Override
            public void handleCancel(String tag) {
                // The broker ended this consumer while the channel stays open (its queue was deleted, or the
                // node that held it failed): nothing else would consume again.
                reopenLater(getChannel(), "The broker cancelled consuming from queue " + queue);
            }
        });
        consumerTags.put(channel, tag);
        channel.addShutdownListener(cause -> {
            if (!cause.isHardError() && !cause.isInitiatedByApplication()) {
                reopenLater(channel, "Consumer channel closed by the broker");
            }
        });
        return channel;
    }

    private synchronized void reopenLater(Channel closed, String why) {
        if (closing) {
            return;
        }
        log.warn("{}; opening another consumer channel", why);
        reopening.schedule(() -> reopen(closed), requeuePause(), TimeUnit.MILLISECONDS);
    }

    private synchronized void reopen(Channel closed) {
        if (closing) {
            return;
        }
        try {
            consumerTags.remove(closed);
            if (closed.isOpen()) {
                closed.abort(); // a channel whose consumer the broker cancelled
            }
            channels.set(channels.indexOf(closed), open());
        } catch (IOException | RuntimeException failed) {
            reopenLater(closed, "Consumer channel could not be opened again (" + failed.getMessage() + ")");
        }
    }

    private void consume(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body,
                         AtomicBoolean deadLetterReturned) throws IOException {
        String messageId = properties.getMessageId();
        String logged = messageId != null && PRINTABLE_ID.matcher(messageId).matches() ? messageId : "(unprintable id)";
        try {
            RequestContext.begin("amqp-" + logged);
            String reason = handle(messageId, logged, body);
            if (reason != null) {
                deadLetter(channel, properties, body, reason, deadLetterReturned);
                log.warn("Command message {} dead-lettered: {}", logged, reason);
            }
            channel.basicAck(envelope.getDeliveryTag(), false);
        } catch (RetryLater | DeadLetterFailed transientFailure) {
            log.warn("Command message {} given back to the queue: {}", logged, transientFailure.getMessage());
            pause();
            channel.basicNack(envelope.getDeliveryTag(), false, true);
        } finally {
            RequestContext.clear();
        }
    }

    /**
     * Handles one message; returns why it cannot be handled (a dead letter's reason), or null when it was (or
     * had been). @throws RetryLater when it can be handled later, not now
     */
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
        } catch (RuntimeException failure) {
            return switch (Failure.of(failure)) {
                case REFUSED -> failure.getMessage();
                case RETRY_LATER -> throw new RetryLater(failure);
                case BROKEN -> {
                    log.error("Command message {} failed", logged, failure);
                    yield "internal error";
                }
            };
        }
    }

    private void deadLetter(Channel channel, AMQP.BasicProperties original, byte[] body, String reason,
                            AtomicBoolean returned) {
        Map<String, Object> headers = new HashMap<>();
        if (original.getHeaders() != null) {
            headers.putAll(original.getHeaders());
        }
        headers.put("reason", reason);
        // What describes the message, and nothing that the broker checks or acts on (user_id, expiration):
        // a sender must not be able to make the copy fail, nor vanish.
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .messageId(original.getMessageId())
                .correlationId(original.getCorrelationId())
                .contentType(original.getContentType())
                .contentEncoding(original.getContentEncoding())
                .type(original.getType())
                .timestamp(original.getTimestamp())
                .appId(original.getAppId())
                .headers(headers)
                .deliveryMode(2)
                .build();
        boolean confirmed;
        returned.set(false);
        try {
            // Mandatory: a dead-letter queue that is gone returns the copy, and the message stays queued.
            channel.basicPublish("", deadLetterQueue, true, properties, body);
            // Not waitForConfirmsOrDie: it closes the channel on a nack, and the consumer on it with it.
            confirmed = channel.waitForConfirms(CONFIRM_TIMEOUT_MS);
        } catch (IOException | TimeoutException | RuntimeException failed) {
            throw new DeadLetterFailed(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DeadLetterFailed(interrupted);
        }
        if (!confirmed || returned.get()) {
            throw new DeadLetterFailed(new IOException("the broker did not take the dead letter"));
        }
    }

    /** How long a message given back, or a channel to open again, waits: nothing circles while the database is away. */
    private static long requeuePause() {
        return RetryPolicy.REQUEUE.delayAfter(1).toMillis();
    }

    private static void pause() {
        try {
            Thread.sleep(requeuePause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The message cannot be handled now, through no fault of its own: it goes back to its queue. */
    private static final class RetryLater extends RuntimeException {
        RetryLater(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The dead-letter queue did not confirm: the message goes back to its queue instead. */
    private static final class DeadLetterFailed extends RuntimeException {
        DeadLetterFailed(Throwable cause) {
            super("dead-lettering failed: " + cause.getMessage(), cause);
        }
    }

    /** Counts a message in, unless stopping: then it is not handled at all. */
    private boolean beginHandling() {
        synchronized (handling) {
            if (closing) {
                return false;
            }
            inFlight++;
            return true;
        }
    }

    private void endHandling() {
        synchronized (handling) {
            inFlight--;
            handling.notifyAll();
        }
    }

    /** A message that arrived while stopping goes back to the queue untouched, for another instance. */
    private static void giveBack(Channel channel, Envelope envelope) {
        try {
            channel.basicNack(envelope.getDeliveryTag(), false, true);
        } catch (IOException | RuntimeException channelGone) {
            log.debug("Command message left to its channel's closing: {}", channelGone.getMessage());
        }
    }

    /**
     * Stops taking messages: cancels the consumers, lets the messages being handled finish and be
     * acknowledged (up to ten seconds), then closes the channels, which gives every message delivered but
     * not handled back to the queue. A message still being handled when its channel closes comes again,
     * elsewhere (the inbox knows it).
     */
    @Override
    public void close() {
        synchronized (this) {
            synchronized (handling) {
                closing = true;
            }
            reopening.shutdownNow();
            consumerTags.forEach((channel, tag) -> {
                try {
                    channel.basicCancel(tag);
                } catch (IOException | RuntimeException alreadyClosed) {
                    log.debug("Consumer not cancelled: {}", alreadyClosed.getMessage());
                }
            });
            consumerTags.clear();
        }
        awaitHandlingDone();
        closeChannels();
    }

    private void awaitHandlingDone() {
        long deadline = System.currentTimeMillis() + STOP_WAIT_MS;
        synchronized (handling) {
            try {
                for (long left = STOP_WAIT_MS; inFlight > 0 && left > 0; left = deadline - System.currentTimeMillis()) {
                    handling.wait(left);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            if (inFlight > 0) {
                log.warn("Stopped consuming with {} command messages still being handled; they come again", inFlight);
            }
        }
    }

    private synchronized void closeChannels() {
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
