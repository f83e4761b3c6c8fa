package com.made.allocation.service.handlers;

/** The port for telling people about things, by email or otherwise. */
public interface Notifications {

    /**
     * Sends {@code message} to {@code destination}.
     *
     * @throws RuntimeException when the message could not be handed over
     */
    void send(String destination, String message);
}
