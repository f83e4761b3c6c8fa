package com.made.allocation.adapters.jooq;

import com.made.allocation.service.ProductRepository;
import com.made.allocation.service.UnitOfWork;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * One database transaction on its own pooled connection. The connection is taken on first use, so a
 * handler that never touches the database costs nothing, and it goes back to the pool on close, whatever
 * happened before.
 */
final class JooqUnitOfWork implements UnitOfWork {

    private final DataSource dataSource;
    private final Configuration configuration;
    private final JooqProductRepository products;
    private Connection connection;
    private DSLContext dsl;

    JooqUnitOfWork(DataSource dataSource, Configuration configuration, Locking locking) {
        this.dataSource = dataSource;
        this.configuration = configuration;
        this.products = new JooqProductRepository(this::dsl, locking);
    }

    @Override
    public ProductRepository products() {
        return products;
    }

    @Override
    public void commit() {
        try {
            products.save(); // opens the connection only if there is something to write
            if (connection != null) {
                connection.commit();
            }
        } catch (DataAccessException error) {
            throw SqlErrors.translate(error, "commit failed");
        } catch (SQLException error) {
            throw SqlErrors.translate(new DataAccessException("commit failed", error), "commit failed");
        }
        products.committed();
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

    private DSLContext dsl() {
        if (dsl == null) {
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(false);
            } catch (SQLException error) {
                throw new DataAccessException("no database connection", error);
            }
            dsl = DSL.using(configuration.derive(connection));
        }
        return dsl;
    }
}
