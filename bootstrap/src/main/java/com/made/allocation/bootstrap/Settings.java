package com.made.allocation.bootstrap;

import com.made.allocation.adapters.email.SmtpSettings;
import com.made.allocation.adapters.jooq.DatabaseSettings;
import com.made.allocation.adapters.jooq.Locking;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The service's configuration, read from environment variables and validated at start. Every setting and
 * its default is listed in the README.
 *
 * @param database the database; an embedded H2 file under {@code ./data} when {@code DATABASE_URL} is unset
 * @param httpPort the HTTP port (0 picks a free one)
 * @param smtp     the mail server; empty means notifications are logged instead
 * @param locking  how concurrent writers to one product are kept apart
 */
public record Settings(DatabaseSettings database, int httpPort, Optional<SmtpSettings> smtp, Locking locking) {

    static final String EMBEDDED_URL =
            "jdbc:h2:file:./data/allocation;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    /** Reads and checks the settings. @throws InvalidConfiguration naming the bad variable and value */
    public static Settings from(Map<String, String> env) {
        String url = text(env, "DATABASE_URL").orElse(EMBEDDED_URL);
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new InvalidConfiguration("DATABASE_URL must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        DatabaseSettings database = new DatabaseSettings(url,
                text(env, "DATABASE_USER").orElse(url.startsWith("jdbc:h2:") ? "sa" : ""),
                text(env, "DATABASE_PASSWORD").orElse(""),
                integer(env, "DATABASE_POOL_SIZE", 10, 1, 1000));
        int httpPort = integer(env, "HTTP_PORT", 5005, 0, 65535);
        Optional<SmtpSettings> smtp = text(env, "SMTP_HOST").map(host -> new SmtpSettings(host,
                integer(env, "SMTP_PORT", 25, 1, 65535),
                text(env, "SMTP_FROM").orElse("allocations@made.com")));
        String locking = text(env, "LOCKING").orElse("pessimistic");
        try {
            return new Settings(database, httpPort, smtp, Locking.valueOf(locking.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException bad) {
            throw new InvalidConfiguration("LOCKING must be pessimistic or optimistic, was '" + locking + "'");
        }
    }

    /** What the log may show: everything but the password. */
    public String describe() {
        return "database=" + database.url() + " user=" + database.user() + " poolSize=" + database.poolSize()
                + " httpPort=" + httpPort
                + " smtp=" + smtp.map(s -> s.host() + ":" + s.port() + " from " + s.from()).orElse("none (log only)")
                + " locking=" + locking.name().toLowerCase(Locale.ROOT);
    }

    private static Optional<String> text(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        Optional<String> value = text(env, name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the range
        }
        throw new InvalidConfiguration(name + " must be an integer from " + min + " to " + max
                + ", was '" + value.get() + "'");
    }
}
