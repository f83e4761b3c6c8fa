package com.made.allocation.service.outbox;

/**
 * A message from outside with this id was handled before: the work of handling it again is discarded, so a
 * message the broker delivers twice changes the database once.
 */
public class AlreadyReceived extends RuntimeException {

    public AlreadyReceived(String messageId) {
        super("message " + messageId + " was already handled");
    }
}
