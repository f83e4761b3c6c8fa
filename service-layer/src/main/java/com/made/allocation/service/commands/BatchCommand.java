package com.made.allocation.service.commands;


/**
 * A command about one batch, named by its reference. Its product is the batch's: with group commit, it
 * queues behind the commands of that product's SKU (see the bus's group commit).
 *
 * @param <R> what handling the command answers
 */
public interface BatchCommand<R> extends Command<R> {

    /** The reference of the batch the command is about. */
    String ref();
}
