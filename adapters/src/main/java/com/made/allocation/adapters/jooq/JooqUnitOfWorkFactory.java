package com.made.allocation.adapters.jooq;

import com.made.allocation.service.UnitOfWork;
import com.made.allocation.service.UnitOfWorkFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.jooq.Configuration;

/** Starts units of work on the database, each a transaction on its own connection. */
public final class JooqUnitOfWorkFactory implements UnitOfWorkFactory {

    // Longer than a unit of work on a busy product takes; past it, the row lock alone decides.
    private static final Duration TURN_PATIENCE = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final Configuration configuration;
    private final CompletableFuture<ProductSql> sql;
    private final Locking locking;
    private final ProductTurns turns;
    private final JooqOutbox outbox;

    /**
     * @param configuration jOOQ settings (dialect, listeners) that every unit of work derives its own from
     * @param outbox        where the units of work store the deliveries of the events they commit
     */
    public JooqUnitOfWorkFactory(DataSource dataSource, Configuration configuration, Locking locking,
                                 JooqOutbox outbox) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.configuration = Objects.requireNonNull(configuration);
        // A cold jOOQ takes about a second to render the first statements: it does so on a thread of its own,
        // so that the service starts meanwhile; the first unit of work waits for it.
        this.sql = CompletableFuture.supplyAsync(() -> ProductSql.of(configuration.dialect()), task -> {
            Thread renderer = new Thread(task, "render-sql");
            renderer.setDaemon(true);
            renderer.start();
        });
        this.locking = Objects.requireNonNull(locking);
        this.turns = new ProductTurns(TURN_PATIENCE);
        this.outbox = Objects.requireNonNull(outbox);
    }

    /** Units of work on {@code database}, with its own jOOQ configuration. */
    public JooqUnitOfWorkFactory(Database database, Locking locking, JooqOutbox outbox) {
        this(database.dataSource(), database.jooqConfiguration(), locking, outbox);
    }

    @Override
    public UnitOfWork start() {
        return new JooqUnitOfWork(dataSource, configuration, sql.join(), locking, turns, outbox);
    }
}
