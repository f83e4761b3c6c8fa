package com.made.allocation.adapters.jooq.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.sql.SqlErrors;
import com.made.allocation.service.failures.ConcurrencyConflict;
import com.made.allocation.service.failures.StorageUnavailable;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PostgreSQL's SQL states, told apart as the bus and the entrypoints act on them. */
class SqlErrorsTest {

    private static RuntimeException translated(String sqlState) {
        return SqlErrors.translate(new SQLException("failed", sqlState), "commit failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"08006", "57P01", "57P03", "25006", "53300"})
    void aServerThatIsGoneStartingReadOnlyOrFullIsUnavailableForNow(String sqlState) {
        assertThat(translated(sqlState)).isInstanceOf(StorageUnavailable.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "40001", "40P01", "55P03"})
    void aRaceWithAnotherTransactionIsAConflict(String sqlState) {
        assertThat(translated(sqlState)).isInstanceOf(ConcurrencyConflict.class);
    }

    @Test
    void anyOtherErrorIsLeftAsItIs() {
        assertThat(translated("42P01")).isNotInstanceOf(StorageUnavailable.class)
                .isNotInstanceOf(ConcurrencyConflict.class);
    }
}
