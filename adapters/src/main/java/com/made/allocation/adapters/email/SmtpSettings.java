package com.made.allocation.adapters.email;

import java.util.Objects;

/**
 * Where to hand mail over, and who it is from.
 *
 * @param host SMTP server host
 * @param port SMTP server port
 * @param from the sender address of every mail
 */
public record SmtpSettings(String host, int port, String from) {

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(from, "from");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SMTP port must be between 1 and 65535, was " + port);
        }
    }
}
