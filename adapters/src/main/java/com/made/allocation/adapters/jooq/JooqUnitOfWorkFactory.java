package com.made.allocation.adapters.jooq;

import com.made.allocation.service.OutboxUnitOfWork;
import com.made.allocation.service.UnitOfWorkFactory;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.jooq.Configuration;

/** Starts units of work on the database, each a transaction on its own connection. */
public final class JooqUnitOfWorkFactory implements UnitOfWorkFactory {

    private final DataSource dataSource;
    private final Configuration configuration;
    private final CompletableFuture<ProductStatements> statements;
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
        // A cold jOOQ is slow to render its first statements: it does so on a thread of its own,
        // so that the service starts meanwhile; the first unit of work waits for it.
        this.statements = CompletableFuture.supplyAsync(() -> new ProductStatements(configuration.dialect()), task -> {
            Thread renderer = new Thread(task, "render-sql");
            renderer.setDaemon(true);
            renderer.start();
        });
        this.locking = Objects.requireNonNull(locking);
        this.turns = new ProductTurns();
        this.outbox = Objects.requireNonNull(outbox);
    }

    /** Units of work on {@code database}, with its own jOOQ configuration. */
    public JooqUnitOfWorkFactory(Database database, Locking locking, JooqOutbox outbox) {
        this(database.dataSource(), database.jooqConfiguration(), locking, outbox);
    }

    @Override
    public OutboxUnitOfWork start() {
        return new JooqUnitOfWork(dataSource, configuration, statements.join(), locking, turns, outbox);
    }
}
