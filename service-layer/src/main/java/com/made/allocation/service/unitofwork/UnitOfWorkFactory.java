package com.made.allocation.service.unitofwork;

/** Starts units of work; the message bus starts a fresh one for each handler it runs. */
@FunctionalInterface
public interface UnitOfWorkFactory {

    /** A new unit of work, to be closed by the caller. */
    OutboxUnitOfWork start();
}
