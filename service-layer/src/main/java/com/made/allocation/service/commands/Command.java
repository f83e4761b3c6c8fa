package com.made.allocation.service.commands;

import com.made.allocation.service.messagebus.MessageBus;

/**
 * A request to the service, sent by an entrypoint to the {@link MessageBus}: exactly one handler handles
 * it, and the sender gets that handler's answer. Events, by contrast, are facts that any number of handlers
 * may follow, and nobody waits for them.
 *
 * @param <R> what handling the command answers
 */
public interface Command<R> {
}
