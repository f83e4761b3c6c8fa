package com.made.allocation.adapters.jooq.sql;

import com.made.allocation.adapters.jooq.migration.V9__PublicationsMoved;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;

/** The connection pool to the database, its schema migrations, and short transactions on it. */
public final class Database implements AutoCloseable {

    private static final Duration MAX_CONNECTION_LIFETIME = Duration.ofMinutes(5);

    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final SQLDialect dialect;

    private Database(HikariDataSource pool, DataSource dataSource, SQLDialect dialect) {
        this.pool = pool;
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** This database with its connections taken through {@code dataSource} (which wraps its pool's). */
    public Database through(DataSource dataSource) {
        return new Database(pool, dataSource, dialect);
    }

    /** Opens a pool to the database; the first connection is made at once, so a bad setting fails here. */
    public static Database connect(DatabaseSettings settings) {
        return connect(settings, Optional.empty());
    }

    /**
     * As {@link #connect(DatabaseSettings)}, with the pool reporting its own metrics to {@code metricRegistry}
     * (a Micrometer {@code MeterRegistry}, as HikariCP takes it).
     */
    public static Database connect(DatabaseSettings settings, Optional<Object> metricRegistry) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(settings.poolSize());
        config.setAutoCommit(false);
        config.setPoolName("allocation-db");
        config.setConnectionTimeout(settings.poolTimeout().toMillis());
        // PostgreSQL keeps a prepared statement's plan for the life of its connection, planned with the sizes
        // and statistics of that moment (a table analyzed while nearly empty is read by a sequential scan);
        // connections replaced every few minutes plan again, even where nothing analyzes the tables anew.
        config.setMaxLifetime(MAX_CONNECTION_LIFETIME.toMillis());
        metricRegistry.ifPresent(config::setMetricRegistry);
        if (!settings.isH2()) {
            // Let the driver reuse server-side prepared statements for the few statements we issue.
            config.addDataSourceProperty("prepareThreshold", "1");
            // Their generic plans from the first run, as QueryPlansIT checks them. Left to itself, PostgreSQL
            // plans a prepared statement five times for the values at hand before it keeps one plan, and a
            // group commit prepares its round trip anew for every mix of statements it sends: the insert of a
            // publication, slow to plan, was planned once every 50 allocations, 0.47 ms a plan under load.
            config.addDataSourceProperty("options", "-c plan_cache_mode=force_generic_plan");
        }
        HikariDataSource pool = new HikariDataSource(config);
        return new Database(pool, pool, settings.isH2() ? SQLDialect.H2 : SQLDialect.POSTGRES);
    }

    /** Brings the schema up to date with the migrations in {@code db/migration}. */
    public void migrate() {
        // On connections of its own: Flyway holds two at once, more than an H2 file's pool of one has.
        Flyway.configure()
                .dataSource(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword())
                .locations("classpath:db/migration")
                .javaMigrations(new V9__PublicationsMoved())
                .load()
                .migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public SQLDialect dialect() {
        return dialect;
    }

    /** Work on a connection of its own, in a transaction of its own. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in a short transaction of its own and commits it. A lost database is a
     * {@code StorageUnavailable} here as in a unit of work: the callers wait and try again.
     */
    public <T> T inTransaction(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException failed) {
                rollbackQuietly(connection);
                throw failed;
            }
        } catch (SQLException error) {
            throw SqlErrors.translate(error, what);
        } catch (DataAccessException error) {
            throw SqlErrors.translate(error, what);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException lost) {
            // the connection broke: nothing uncommitted survives it, and the pool drops it
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
