package com.made.allocation.service.fakes;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.commands.Command;
import com.made.allocation.service.handlers.HandlerRegistry;
import com.made.allocation.service.messagebus.MessageBus;
import com.made.allocation.service.outbox.AlreadyReceived;
import com.made.allocation.service.unitofwork.OutboxUnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A bus that runs the handler of the command it is given, in a fake unit of work, and records the events
 * that follow instead of handling them, so that one handler can be tested in isolation.
 */
public final class FakeMessageBus implements MessageBus {

    private final FakeUnitOfWorkFactory unitsOfWork;
    private final HandlerRegistry handlers;
    private final List<Event> published = new ArrayList<>();

    public FakeMessageBus(FakeUnitOfWorkFactory unitsOfWork, HandlerRegistry handlers) {
        this.unitsOfWork = unitsOfWork;
        this.handlers = handlers;
    }

    @Override
    public <R> R handle(Command<R> command) {
        return handle(command, uow -> { });
    }

    /** As the bus does: the id is looked up first, then recorded by the handler's own commit. */
    @Override
    public boolean handleOnce(String messageId, Command<?> command) {
        if (unitsOfWork.outbox().wasReceived(messageId)) {
            return false;
        }
        try {
            handle(command, uow -> uow.receive(messageId));
            return true;
        } catch (AlreadyReceived seen) {
            return false;
        }
    }

    private <R> R handle(Command<R> command, Consumer<OutboxUnitOfWork> handling) {
        try (OutboxUnitOfWork uow = unitsOfWork.start()) {
            handling.accept(uow);
            R answer = handlers.commandHandler(command).handle(command, uow);
            uow.finishDelivery();
            published.addAll(uow.collectNewEvents());
            return answer;
        }
    }

    /** The events the handled commands caused, in order. */
    public List<Event> published() {
        return List.copyOf(published);
    }
}
