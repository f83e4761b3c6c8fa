package com.made.allocation.adapters.jooq.sql;

import com.made.allocation.service.failures.ConcurrencyConflict;
import com.made.allocation.service.failures.StorageUnavailable;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.jooq.exception.DataAccessException;

/**
 * Tells the database errors the service layer acts on: "someone else changed it first" (the bus retries)
 * and "the database cannot be reached" (the client is asked to retry later).
 */
public final class SqlErrors {

    // unique violation (a racing insert), check violation (a total computed from a stale read, written in
    // the same batch as the failed version check), serialization failure, deadlock, lock timeout;
    // H2: "concurrent update" (90131) and lock timeout (50200), reported with these SQL states.
    private static final Set<String> CONFLICT_STATES = Set.of("23505", "23514", "40001", "40P01", "55P03", "HYT00");
    private static final Set<Integer> H2_CONFLICT_CODES = Set.of(90131, 50200);
    // Besides the connection exceptions (class 08): the server shut down, crashed, or is starting; it is read
    // only (a standby, as during a failover); it has no connection left for us.
    private static final Set<String> SERVER_GONE_STATES = Set.of("57P01", "57P02", "57P03", "25006", "53300");

    private SqlErrors() {
    }

    /**
     * A {@link ConcurrencyConflict} or a {@link StorageUnavailable} when {@code error} is one; otherwise
     * {@code error} itself.
     */
    public static RuntimeException translate(DataAccessException error, String what) {
        if (isConnectionLoss(error)) {
            return new StorageUnavailable(what + ": " + rootMessage(error), error);
        }
        if (isConflict(error)) {
            return new ConcurrencyConflict(what + ": " + error.sqlState(), error);
        }
        return error;
    }

    /** As {@link #translate(DataAccessException, String)}, for an error of the JDBC driver or the pool. */
    public static RuntimeException translate(SQLException error, String what) {
        return translate(new DataAccessException(what, error), what);
    }

    private static boolean isConflict(DataAccessException error) {
        if (CONFLICT_STATES.contains(error.sqlState())) {
            return true;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && H2_CONFLICT_CODES.contains(sql.getErrorCode())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionLoss(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_GONE_STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
