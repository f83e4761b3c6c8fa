package com.made.allocation.service.handlers;

import com.made.allocation.service.commands.Command;
import com.made.allocation.service.unitofwork.UnitOfWork;

/**
 * The one use case that answers a kind of command, inside the unit of work the bus gives it. A handler
 * that changes products commits the unit of work itself.
 *
 * @param <C> the command type it handles
 * @param <R> what it answers
 */
@FunctionalInterface
public interface CommandHandler<C extends Command<R>, R> {

    /** Handles {@code command}; the answer goes back to whoever sent it. */
    R handle(C command, UnitOfWork uow);
}
