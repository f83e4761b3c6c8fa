package com.made.allocation.service.messagebus;

import com.made.allocation.service.commands.Command;
import com.made.allocation.service.failures.ConcurrencyConflict;

/** The way into the service layer: a command is handled, with everything that follows from it. */
public interface MessageBus {

    /**
     * Handles {@code command} in a unit of work of its own, then the events that follow from it.
     *
     * @return what the command's handler answered
     * @throws ConcurrencyConflict when the handler kept losing races for its products, retries exhausted
     * @throws RuntimeException    whatever else the command's handler threw; nothing of it was committed
     */
    <R> R handle(Command<R> command);

    /**
     * Handles {@code command}, which came from outside as the message {@code messageId}, like
     * {@link #handle(Command)}, unless a message with that id was handled before. The id is recorded in the
     * transaction of the handler's changes, so a message sent twice changes the database once.
     *
     * @return false when the message was handled before and nothing was done now
     * @throws ConcurrencyConflict when the handler kept losing races for its products, retries exhausted
     * @throws RuntimeException    whatever else the command's handler threw; nothing of it was committed
     */
    boolean handleOnce(String messageId, Command<?> command);
}
