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
    private final StoredMessages messages;

    /**
     * @param configuration jOOQ settings (dialect, listeners) that every unit of work derives its own from
     * @param messages      where the units of work store the deliveries and publications of the events they
     *                      commit, and the ids of the messages they handle
     */
    public JooqUnitOfWorkFactory(DataSource dataSource, Configuration configuration, Locking locking,
                                 StoredMessages messages) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.configuration = Objects.requireNonNull(configuration);
        this.statements = PreparedSql.inBackground(() -> new ProductStatements(configuration.dialect()));
        this.locking = Objects.requireNonNull(locking);
        this.turns = new ProductTurns();
        this.messages = Objects.requireNonNull(messages);
    }

    /** Units of work on {@code database}, with its own jOOQ configuration. */
    public JooqUnitOfWorkFactory(Database database, Locking locking, StoredMessages messages) {
        this(database.dataSource(), database.jooqConfiguration(), locking, messages);
    }

    @Override
    public OutboxUnitOfWork start() {
        return new JooqUnitOfWork(dataSource, configuration, statements.join(), locking, turns, messages);
    }
}
