package com.made.allocation.adapters.jooq;

import com.made.allocation.service.UnitOfWork;
import com.made.allocation.service.UnitOfWorkFactory;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.Configuration;

/** Starts units of work on the database, each a transaction on its own connection. */
public final class JooqUnitOfWorkFactory implements UnitOfWorkFactory {

    private final DataSource dataSource;
    private final Configuration configuration;
    private final Locking locking;

    /**
     * @param configuration jOOQ settings (dialect, listeners) that every unit of work derives its own from
     */
    public JooqUnitOfWorkFactory(DataSource dataSource, Configuration configuration, Locking locking) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.configuration = Objects.requireNonNull(configuration);
        this.locking = Objects.requireNonNull(locking);
    }

    /** Units of work on {@code database}, with its own jOOQ configuration. */
    public JooqUnitOfWorkFactory(Database database, Locking locking) {
        this(database.dataSource(), database.jooqConfiguration(), locking);
    }

    @Override
    public UnitOfWork start() {
        return new JooqUnitOfWork(dataSource, configuration, locking);
    }
}
