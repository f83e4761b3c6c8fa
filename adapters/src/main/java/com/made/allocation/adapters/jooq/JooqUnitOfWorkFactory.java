package com.made.allocation.adapters.jooq;

import com.made.allocation.adapters.jooq.messages.StoredMessages;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.PreparedSql;
import com.made.allocation.service.unitofwork.BatchSkus;
import com.made.allocation.service.unitofwork.OutboxUnitOfWork;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.jooq.SQLDialect;

/** Starts units of work on the database, each a transaction on its own connection. */
public final class JooqUnitOfWorkFactory implements UnitOfWorkFactory {

    private final DataSource dataSource;
    private final CompletableFuture<ProductStatements> statements;
    private final Locking locking;
    private final ProductTurns turns;
    private final StoredMessages messages;
    private final JooqBatchSkus batchSkus;

    /**
     * @param messages      where the units of work store the deliveries and publications of the events they
     *                      commit, and the ids of the messages they handle
     */
    public JooqUnitOfWorkFactory(DataSource dataSource, SQLDialect dialect, Locking locking,
                                 StoredMessages messages) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.statements = PreparedSql.inBackground(() -> new ProductStatements(dialect));
        this.locking = Objects.requireNonNull(locking);
        this.turns = new ProductTurns();
        this.messages = Objects.requireNonNull(messages);
        this.batchSkus = new JooqBatchSkus(dataSource, statements::join);
    }

    /** Units of work on {@code database}. */
    public JooqUnitOfWorkFactory(Database database, Locking locking, StoredMessages messages) {
        this(database.dataSource(), database.dialect(), locking, messages);
    }

    /** The SKUs of batches, read without a unit of work: where the bus finds a batch command's lane. */
    public BatchSkus batchSkus() {
        return batchSkus;
    }

    /** The turns its units of work take at products: seen by tests of who waits. */
    ProductTurns turns() {
        return turns;
    }

    @Override
    public OutboxUnitOfWork start() {
        return new JooqUnitOfWork(dataSource, statements.join(), locking, turns, messages, batchSkus);
    }
}
