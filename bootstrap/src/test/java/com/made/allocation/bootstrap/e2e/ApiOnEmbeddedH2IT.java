package com.made.allocation.bootstrap.e2e;

import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The embedded default: an H2 file database, as the service uses when no PostgreSQL is configured. */
class ApiOnEmbeddedH2IT extends ApiEndToEndContract {

    @Override
    protected DatabaseSettings newDatabase() {
        try {
            Path dir = Files.createTempDirectory("allocation-h2");
            return new DatabaseSettings("jdbc:h2:file:" + dir.resolve("allocation")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", 10);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
