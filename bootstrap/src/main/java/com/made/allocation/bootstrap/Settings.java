package com.made.allocation.bootstrap;

import com.made.allocation.adapters.amqp.BrokerSettings;
import com.made.allocation.adapters.email.SmtpSettings;
import com.made.allocation.adapters.jooq.Locking;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.entrypoints.admission.AdaptiveLimits;
import com.made.allocation.service.messagebus.Grouping;
import com.made.allocation.service.outbox.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's configuration, read from environment variables and validated at start. Every setting and
 * its default is listed in the README.
 *
 * @param database the database; an embedded H2 file under {@code ./data} when {@code DATABASE_URL} is unset
 * @param httpPort the HTTP port (0 picks a free one)
 * @param shutdownGrace how long stopping waits for requests in flight
 * @param smtp     the mail server; empty means notifications are logged instead
 * @param locking  how concurrent writers to one product are kept apart
 * @param outbox   how follow-on messages are retried and dispatched
 * @param adminToken the bearer token of the operators' routes; empty means they are not served
 * @param metrics  whether metrics are kept and served at {@code GET /metrics}
 * @param broker   the message broker; empty means none: no events are published, no commands consumed
 * @param shutdownDrain how long a stop keeps serving, with {@code /health} answering 503, before it refuses
 *                 connections: the time a load balancer needs to notice
 * @param busGroupMax the most commands about products that share one transaction when they queue up; 1
 *                 runs each alone
 * @param admission how the HTTP edge admits requests under overload
 */
public record Settings(DatabaseSettings database, int httpPort, Duration shutdownGrace,
                       Optional<SmtpSettings> smtp, Locking locking, OutboxSettings outbox,
                       Optional<String> adminToken, boolean metrics, Optional<BrokerSettings> broker,
                       Duration shutdownDrain, int busGroupMax, AdmissionSettings admission) {

    /** The default of {@code BUS_GROUP_MAX}, chosen by measurement (bench/README.md). */
    static final int DEFAULT_BUS_GROUP_MAX = 8;

    /**
     * How the bus groups commands: up to {@code BUS_GROUP_MAX} in a group, and as many groups at once as
     * there are cores, but no more than half the pool's connections (their follow-on handlers need some);
     * the embedded default's one connection, one group at a time.
     */
    public Grouping grouping() {
        int lanes = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), database.poolSize() / 2));
        return new Grouping(busGroupMax, lanes);
    }

    /**
     * @param maxAttempts attempts at a follow-on message before it is parked as dead
     * @param retryBase   the first retry's delay; each later one doubles, up to the default cap
     * @param poll        how often the dispatcher looks for due messages
     * @param lease       how long an instance keeps a message it is handling before another may take it
     * @param keepDone    how long handled messages are kept before they are purged
     */
    public record OutboxSettings(int maxAttempts, Duration retryBase, Duration poll, Duration lease,
                                 Duration keepDone) {

        /** How the bus retries follow-on messages: the defaults, with these attempts and first delay. */
        public RetryPolicy deliveryPolicy() {
            return RetryPolicy.DELIVERIES.withMaxAttempts(maxAttempts).withBaseDelay(retryBase);
        }
    }

    static final String EMBEDDED_URL = "jdbc:h2:file:./data/allocation;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

    /** H2's own setting: how long a commit may wait in memory before it is written to the file. */
    private static final Pattern H2_WRITE_DELAY = Pattern.compile("(?i);\\s*WRITE_DELAY\\s*=([^;]*)");

    /** Reads and checks the settings. @throws InvalidConfiguration naming the bad variable and value */
    public static Settings from(Map<String, String> env) {
        String url = text(env, "DATABASE_URL").map(Settings::durable).orElse(EMBEDDED_URL);
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new InvalidConfiguration("DATABASE_URL must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        DatabaseSettings database = new DatabaseSettings(url,
                text(env, "DATABASE_USER").orElse(url.startsWith("jdbc:h2:") ? "sa" : ""),
                text(env, "DATABASE_PASSWORD").orElse(""),
                integer(env, "DATABASE_POOL_SIZE", isH2File(url) ? 1 : 10, 1, 1000),
                Duration.ofMillis(integer(env, "DATABASE_POOL_TIMEOUT_MS",
                        (int) DatabaseSettings.DEFAULT_POOL_TIMEOUT.toMillis(), 250, 600_000)));
        int httpPort = integer(env, "HTTP_PORT", 5005, 0, 65535);
        Optional<SmtpSettings> smtp = text(env, "SMTP_HOST").map(host -> new SmtpSettings(host,
                integer(env, "SMTP_PORT", 25, 1, 65535),
                text(env, "SMTP_FROM").orElse("allocations@made.com")));
        OutboxSettings outbox = new OutboxSettings(
                integer(env, "OUTBOX_MAX_ATTEMPTS", RetryPolicy.DELIVERIES.maxAttempts(), 1, 1000),
                Duration.ofMillis(integer(env, "OUTBOX_RETRY_BASE_MS",
                        (int) RetryPolicy.DELIVERIES.baseDelay().toMillis(), 0, 3_600_000)),
                Duration.ofMillis(integer(env, "OUTBOX_POLL_MS", 1000, 10, 3_600_000)),
                Duration.ofMillis(integer(env, "OUTBOX_LEASE_MS", 30_000, 0, 86_400_000)),
                Duration.ofHours(integer(env, "OUTBOX_KEEP_DONE_HOURS", 168, 1, 87_600)));
        Duration shutdownGrace = Duration.ofMillis(integer(env, "SHUTDOWN_GRACE_MS", 10_000, 0, 600_000));
        Duration shutdownDrain = Duration.ofMillis(integer(env, "SHUTDOWN_DRAIN_MS", 0, 0, 600_000));
        // Read by the log configuration before anything else starts; checked here, where bad settings stop.
        text(env, "LOG_FORMAT").filter(format -> LogConfiguration.LogFormat.named(format).isEmpty())
                .ifPresent(format -> {
                    throw new InvalidConfiguration("LOG_FORMAT must be text or json, was '" + format + "'");
                });
        return new Settings(database, httpPort, shutdownGrace, smtp, locking(env), outbox, text(env, "ADMIN_TOKEN"),
                flag(env, "METRICS_ENABLED", true), broker(env), shutdownDrain,
                integer(env, "BUS_GROUP_MAX", DEFAULT_BUS_GROUP_MAX, 1, 1000), admission(env));
    }

    private static AdmissionSettings admission(Map<String, String> env) {
        String mode = text(env, "ADMISSION").orElse("adaptive");
        AdmissionSettings.Mode parsed;
        try {
            parsed = AdmissionSettings.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException bad) {
            throw new InvalidConfiguration("ADMISSION must be adaptive, fixed or off, was '" + mode + "'");
        }
        int min = integer(env, "ADMISSION_MIN_LIMIT", AdmissionSettings.DEFAULT_MIN, 1, 10_000);
        int max = integer(env, "ADMISSION_MAX_LIMIT", Math.max(min, AdmissionSettings.DEFAULT_MAX), min, 10_000);
        int initial = integer(env, "ADMISSION_INITIAL_LIMIT",
                Math.max(min, Math.min(max, AdmissionSettings.DEFAULT_INITIAL)), min, max);
        return new AdmissionSettings(parsed, new AdaptiveLimits(initial, min, max),
                integer(env, "ADMISSION_FIXED_LIMIT", AdmissionSettings.DEFAULT_FIXED, 1, 10_000));
    }

    /**
     * An H2 URL that writes each commit to its file before the commit returns: H2 otherwise keeps commits in
     * memory for its write delay (500 ms), and a killed process loses what it had already acknowledged. A
     * URL that sets the delay itself keeps it ({@link #durabilityWarning()} says what that costs).
     */
    private static String durable(String url) {
        return isH2File(url) && !H2_WRITE_DELAY.matcher(url).find() ? url + ";WRITE_DELAY=0" : url;
    }

    /**
     * An H2 database in a file. It gets one connection unless told otherwise: H2 writes each of its tables to
     * the file on its own, so a write that other connections change under it can hold half of a transaction,
     * and a process killed before the next write leaves that half (EmbeddedCrashIT found a batch total without
     * its line); with one connection, nothing changes while H2 writes.
     */
    private static boolean isH2File(String url) {
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    }

    /** What the log should say at start when the database may lose or tear acknowledged commits in a crash. */
    public Optional<String> durabilityWarning() {
        List<String> risks = new ArrayList<>();
        Matcher delay = H2_WRITE_DELAY.matcher(database.url());
        if (delay.find() && !delay.group(1).strip().equals("0")) {
            risks.add("DATABASE_URL sets WRITE_DELAY=" + delay.group(1).strip() + ": H2 may lose the commits of that"
                    + " many milliseconds, already acknowledged, when the process dies; 0 writes each commit");
        }
        if (isH2File(database.url()) && database.poolSize() > 1) {
            risks.add("DATABASE_POOL_SIZE=" + database.poolSize() + " on an H2 file: a process killed while H2"
                    + " writes may leave a transaction half written; 1 writes one transaction at a time");
        }
        return risks.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", risks));
    }

    private static Optional<BrokerSettings> broker(Map<String, String> env) {
        return text(env, "AMQP_URL").map(url -> {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException malformed) {
                throw new InvalidConfiguration("AMQP_URL must be an amqp:// or amqps:// URL");
            }
            if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidConfiguration("AMQP_URL must be an amqp:// or amqps:// URL with a host");
            }
            return new BrokerSettings(uri, name(env, "AMQP_EXCHANGE", "allocation.events"),
                    name(env, "AMQP_COMMAND_QUEUE", "allocation.commands"));
        });
    }

    /** An exchange or queue name: what RabbitMQ accepts, without surprises in a log line. */
    private static String name(Map<String, String> env, String variable, String fallback) {
        String value = text(env, variable).orElse(fallback);
        if (!value.matches("[A-Za-z0-9._:-]{1,200}")) {
            throw new InvalidConfiguration(variable + " must be 1 to 200 letters, digits or . _ : -");
        }
        return value;
    }

    /** Settings for tests and tools: as from {@code env}, with this database. */
    public static Settings with(DatabaseSettings database, Map<String, String> env) {
        Settings read = from(env);
        return new Settings(database, read.httpPort(), read.shutdownGrace(), read.smtp(), read.locking(),
                read.outbox(), read.adminToken(), read.metrics(), read.broker(), read.shutdownDrain(),
                read.busGroupMax(), read.admission());
    }

    private static Locking locking(Map<String, String> env) {
        String locking = text(env, "LOCKING").orElse("pessimistic");
        try {
            return Locking.valueOf(locking.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException bad) {
            throw new InvalidConfiguration("LOCKING must be pessimistic or optimistic, was '" + locking + "'");
        }
    }

    /** What the log may show: everything but the password. */
    public String describe() {
        return "database=" + database.url() + " user=" + database.user() + " poolSize=" + database.poolSize()
                + " poolTimeout=" + database.poolTimeout()
                + " httpPort=" + httpPort + " shutdownDrain=" + shutdownDrain + " shutdownGrace=" + shutdownGrace
                + " smtp=" + smtp.map(s -> s.host() + ":" + s.port() + " from " + s.from()).orElse("none (log only)")
                + " locking=" + locking.name().toLowerCase(Locale.ROOT) + " grouping=" + grouping()
                + " outbox=" + outbox
                + " admin=" + (adminToken.isPresent() ? "enabled" : "disabled")
                + " metrics=" + (metrics ? "enabled" : "disabled")
                + " admission=" + admission.describe()
                + " broker=" + broker.map(b -> b.address() + " exchange " + b.exchange() + " queue " + b.commandQueue())
                        .orElse("none");
    }

    private static Optional<String> text(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static boolean flag(Map<String, String> env, String name, boolean fallback) {
        Optional<String> value = text(env, name);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfiguration(name + " must be true or false, was '" + value.get() + "'");
        };
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
