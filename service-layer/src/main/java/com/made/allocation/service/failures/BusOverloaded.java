package com.made.allocation.service.failures;

/** The bus's queue of commands waiting for a transaction is full: the sender should try again shortly. */
public final class BusOverloaded extends RuntimeException {

    public BusOverloaded(int waiting) {
        super(waiting + " commands are waiting for the database; try again shortly");
    }
}
