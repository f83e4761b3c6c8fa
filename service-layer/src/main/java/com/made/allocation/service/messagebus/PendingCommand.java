package com.made.allocation.service.messagebus;

import com.made.allocation.service.commands.Command;
import com.made.allocation.service.handlers.CommandHandler;
import com.made.allocation.service.outbox.Delivery;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A command on its way through the bus, until its answer is in: the answer (or failure) its caller gets,
 * and the deliveries its commit stored, for its caller to handle.
 *
 * @param <R> what handling the command answers
 */
final class PendingCommand<R> {

    final Command<R> command;
    final CommandHandler<Command<R>, R> handler;
    /** The id of the message from outside that carried it, recorded by its commit; empty over HTTP. */
    final Optional<String> messageId;
    /** The request it belongs to, for the log and its follow-on messages. */
    final Optional<String> requestId;
    final Thread caller = Thread.currentThread();
    private volatile boolean done;
    private R answer;
    private List<Delivery> followOns = List.of();
    private RuntimeException failure;

    PendingCommand(Command<R> command, CommandHandler<Command<R>, R> handler, Optional<String> messageId,
                   Optional<String> requestId) {
        this.command = Objects.requireNonNull(command);
        this.handler = Objects.requireNonNull(handler);
        this.messageId = Objects.requireNonNull(messageId);
        this.requestId = Objects.requireNonNull(requestId);
    }

    void answer(R answer, List<Delivery> followOns) {
        this.answer = answer;
        this.followOns = List.copyOf(followOns);
        finish();
    }

    void fail(RuntimeException failure) {
        this.failure = failure;
        finish();
    }

    private void finish() {
        done = true;
        LockSupport.unpark(caller);
    }

    boolean isDone() {
        return done;
    }

    /** The answer, or the failure thrown. */
    R answer() {
        if (failure != null) {
            throw failure;
        }
        return answer;
    }

    /** The deliveries its commit stored. */
    List<Delivery> followOns() {
        return followOns;
    }
}
