package com.made.allocation.service.fakes;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.Command;
import com.made.allocation.service.HandlerRegistry;
import com.made.allocation.service.MessageBus;
import com.made.allocation.service.OutboxUnitOfWork;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * A bus that runs the handler of the command it is given, in a fake unit of work, and records the events
 * that follow instead of handling them, so that one handler can be tested in isolation.
 */
public final class FakeMessageBus implements MessageBus {

    private final FakeUnitOfWorkFactory unitsOfWork;
    private final HandlerRegistry handlers;
    private final List<Event> published = new ArrayList<>();
    private final Set<String> received = new HashSet<>();

    public FakeMessageBus(FakeUnitOfWorkFactory unitsOfWork, HandlerRegistry handlers) {
        this.unitsOfWork = unitsOfWork;
        this.handlers = handlers;
    }

    @Override
    public <R> R handle(Command<R> command) {
        try (OutboxUnitOfWork uow = unitsOfWork.start()) {
            R answer = handlers.commandHandler(command).handle(command, uow);
            published.addAll(uow.collectNewEvents());
            return answer;
        }
    }

    @Override
    public boolean handleOnce(String messageId, Command<?> command) {
        if (!received.add(messageId)) {
            return false;
        }
        handle(command);
        return true;
    }

    /** The events the handled commands caused, in order. */
    public List<Event> published() {
        return List.copyOf(published);
    }
}
