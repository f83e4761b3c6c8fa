package com.made.allocation.adapters.amqp;

import java.net.URI;
import java.util.Objects;

/**
 * Where the broker is and what the service uses on it.
 *
 * @param url          {@code amqp://user:password@host:port/vhost}
 * @param exchange     the durable topic exchange the service publishes its events to
 * @param commandQueue the durable queue the service takes commands from; its dead letters go to
 *                     {@link #deadLetterQueue()}
 */
public record BrokerSettings(URI url, String exchange, String commandQueue) {

    public BrokerSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(commandQueue, "commandQueue");
    }

    /** The queue of the commands that could not be handled, each with the reason in a header. */
    public String deadLetterQueue() {
        return commandQueue + ".dead";
    }

    /** Without the credentials of the URL. */
    @Override
    public String toString() {
        return "BrokerSettings[url=" + address() + ", exchange=" + exchange + ", commandQueue=" + commandQueue + "]";
    }

    /** The broker's address without its credentials, fit for a log line or an error message. */
    public String address() {
        int port = url.getPort() == -1 ? 5672 : url.getPort();
        return url.getScheme() + "://" + url.getHost() + ":" + port + (url.getPath() == null ? "" : url.getPath());
    }
}
