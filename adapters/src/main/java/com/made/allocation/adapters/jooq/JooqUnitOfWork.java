package com.made.allocation.adapters.jooq;

import com.made.allocation.service.AbstractUnitOfWork;
import com.made.allocation.service.Delivery;
import com.made.allocation.service.Delivery.Envelope;
import com.made.allocation.service.ProductRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * One database transaction on its own pooled connection: the products' changes, the outbox entries of the
 * events they recorded, and the mark on the delivery being handled commit together or not at all. The
 * connection is taken on first use, so a handler that never touches the database costs nothing, and it
 * goes back to the pool on close, whatever happened before.
 */
final class JooqUnitOfWork extends AbstractUnitOfWork {

    private final DataSource dataSource;
    private final Configuration configuration;
    private final JooqOutbox outbox;
    private final JooqProductRepository products;
    private Connection connection;
    private DSLContext dsl;

    JooqUnitOfWork(DataSource dataSource, Configuration configuration, ProductSql sql, Locking locking,
                   ProductTurns turns, JooqOutbox outbox) {
        this.dataSource = dataSource;
        this.configuration = configuration;
        this.outbox = outbox;
        this.products = new JooqProductRepository(this::connection, this::dsl, sql, locking, turns);
    }

    @Override
    public ProductRepository products() {
        return products;
    }

    @Override
    protected List<Delivery> doCommit(List<Envelope> outgoing, Optional<Delivery> done) {
        try {
            // The mark comes first: its row lock makes a second handler of the same delivery wait, then fail.
            done.ifPresent(delivery -> outbox.markDone(dsl(), delivery));
            // opens the connection only if there is something to write; may commit with the writes
            boolean committed = products.save(outgoing.isEmpty());
            List<Delivery> stored = outgoing.isEmpty() ? List.of() : outbox.store(dsl(), outgoing);
            if (connection != null && !committed) {
                connection.commit();
            }
            products.committed();
            return stored;
        } catch (DataAccessException error) {
            throw SqlErrors.translate(error, "commit failed");
        } catch (SQLException error) {
            throw SqlErrors.translate(new DataAccessException("commit failed", error), "commit failed");
        }
    }

    @Override
    public void rollback() {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException error) {
            throw new DataAccessException("rollback failed", error);
        }
    }

    @Override
    public void close() {
        try {
            releaseConnection();
        } finally {
            products.releaseTurn(); // after the transaction ended, whatever happened
        }
    }

    private void releaseConnection() {
        if (connection == null) {
            return;
        }
        try (Connection closing = connection) {
            closing.rollback(); // discards whatever was not committed; a no-op after a commit
        } catch (SQLException error) {
            throw new DataAccessException("could not release connection", error);
        } finally {
            connection = null;
            dsl = null;
        }
    }

    private Connection connection() {
        if (connection == null) {
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(false);
            } catch (SQLException error) {
                throw new DataAccessException("no database connection", error);
            }
        }
        return connection;
    }

    private DSLContext dsl() {
        if (dsl == null) {
            dsl = DSL.using(configuration.derive(connection()));
        }
        return dsl;
    }
}
