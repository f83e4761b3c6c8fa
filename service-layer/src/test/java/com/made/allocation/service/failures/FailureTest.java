package com.made.allocation.service.failures;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.domain.ConflictingOrderLine;
import com.made.allocation.domain.OrderLine;
import org.junit.jupiter.api.Test;

/** One classification of failures, which the HTTP API and the broker's consumer both answer by. */
class FailureTest {

    @Test
    void whatTheCommandCausedIsRefused() {
        assertThat(Failure.of(new InvalidSku("NOPE"))).isEqualTo(Failure.REFUSED);
        assertThat(Failure.of(new InvalidBatchRef("b0"))).isEqualTo(Failure.REFUSED);
        assertThat(Failure.of(new DuplicateBatchRef("b1"))).isEqualTo(Failure.REFUSED);
        assertThat(Failure.of(new ConflictingOrderLine(new OrderLine("o1", "LAMP", 2), new OrderLine("o1", "LAMP", 1))))
                .isEqualTo(Failure.REFUSED);
    }

    @Test
    void aLostDatabaseAndAProductThatKeptChangingAreForLater() {
        assertThat(Failure.of(new StorageUnavailable("gone", null))).isEqualTo(Failure.RETRY_LATER);
        assertThat(Failure.of(new ConcurrencyConflict("changed"))).isEqualTo(Failure.RETRY_LATER);
    }

    @Test
    void anythingElseIsAFaultOfTheService() {
        assertThat(Failure.of(new IllegalStateException("bug"))).isEqualTo(Failure.BROKEN);
        assertThat(Failure.of(new NullPointerException())).isEqualTo(Failure.BROKEN);
    }
}
