package com.made.allocation.adapters.jooq.sql;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the database is, how many connections to keep open to it, and how long a request waits for one.
 *
 * @param url         a JDBC URL: {@code jdbc:postgresql:...} in production, {@code jdbc:h2:...} embedded
 * @param user        database user, may be empty
 * @param password    database password, may be empty; never logged
 * @param poolSize    the most connections held open at once
 * @param poolTimeout how long to wait for a connection (every one busy, or the database unreachable)
 *                    before the request is answered 503
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, Duration poolTimeout) {

    /** How long a request waits for a connection unless told otherwise. */
    public static final Duration DEFAULT_POOL_TIMEOUT = Duration.ofSeconds(2);

    /** Settings with the default pool timeout. */
    public DatabaseSettings(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, DEFAULT_POOL_TIMEOUT);
    }

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("database URL must start with jdbc:");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + poolSize);
        }
        Objects.requireNonNull(poolTimeout, "poolTimeout");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** True for the embedded H2 database. */
    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + ", poolTimeout="
                + poolTimeout + "]";
    }
}
