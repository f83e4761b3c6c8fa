package com.made.allocation.service.outbox;

/**
 * The delivery a unit of work handled was already marked done by another: its work is discarded, so a
 * message delivered twice changes the database once.
 */
public class AlreadyDelivered extends RuntimeException {

    public AlreadyDelivered(long deliveryId) {
        super("delivery " + deliveryId + " was already handled");
    }
}
