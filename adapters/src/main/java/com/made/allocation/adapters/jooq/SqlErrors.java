package com.made.allocation.adapters.jooq;

import com.made.allocation.service.ConcurrencyConflict;
import java.sql.SQLException;
import java.util.Set;
import org.jooq.exception.DataAccessException;

/** Tells which database errors mean "someone else changed it first", so the bus can retry. */
final class SqlErrors {

    // unique violation (a racing insert), check violation (a total computed from a stale read, written in
    // the same batch as the failed version check), serialization failure, deadlock, lock timeout;
    // H2: "concurrent update" (90131) and lock timeout (50200), reported with these SQL states.
    private static final Set<String> CONFLICT_STATES = Set.of("23505", "23514", "40001", "40P01", "55P03", "HYT00");
    private static final Set<Integer> H2_CONFLICT_CODES = Set.of(90131, 50200);

    private SqlErrors() {
    }

    /** A {@link ConcurrencyConflict} when {@code error} is one; otherwise {@code error} itself. */
    static RuntimeException translate(DataAccessException error, String what) {
        if (isConflict(error)) {
            return new ConcurrencyConflict(what + ": " + error.sqlState(), error);
        }
        return error;
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
}
