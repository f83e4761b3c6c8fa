package com.made.allocation.adapters.jooq;

import java.util.Objects;

/**
 * Where the database is and how many connections to keep open to it.
 *
 * @param url      a JDBC URL: {@code jdbc:postgresql:...} in production, {@code jdbc:h2:...} embedded
 * @param user     database user, may be empty
 * @param password database password, may be empty; never logged
 * @param poolSize the most connections held open at once
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("database URL must start with jdbc:");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + poolSize);
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** True for the embedded H2 database. */
    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
