package com.made.allocation.entrypoints;

import com.made.allocation.service.commands.Command;
import com.made.allocation.service.messagebus.MessageBus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake of the bus port in front of a real bus: it records every command the API hands it, so a test can
 * tell that a refused request never reached it, and it can be told to fail, as a broken handler or a lost
 * race would.
 */
final class RecordingBus implements MessageBus {

    private final MessageBus bus;
    private final List<Command<?>> handled = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;

    RecordingBus(MessageBus bus) {
        this.bus = bus;
    }

    @Override
    public <R> R handle(Command<R> command) {
        recordOrFail(command);
        return bus.handle(command);
    }

    @Override
    public boolean handleOnce(String messageId, Command<?> command) {
        recordOrFail(command);
        return bus.handleOnce(messageId, command);
    }

    private void recordOrFail(Command<?> command) {
        handled.add(command);
        Throwable toThrow = failure;
        if (toThrow instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (toThrow instanceof Error error) {
            throw error;
        }
    }

    /** From now on every command fails with {@code failure} (unchecked) instead of being handled. */
    void failWith(Throwable failure) {
        this.failure = failure;
    }

    /** The commands the API sent, oldest first. */
    List<Command<?>> handled() {
        return List.copyOf(handled);
    }
}
