package com.made.allocation.entrypoints.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.concurrency.limits.Limiter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the limit learns from an admitted request's answer, and that its permit goes back once. */
class AdmittedRequestTest {

    /** Records what the limiter was told. */
    private static final class RecordingPermit implements Limiter.Listener {
        final List<String> told = new ArrayList<>();

        @Override
        public void onSuccess() {
            told.add("success");
        }

        @Override
        public void onIgnore() {
            told.add("ignore");
        }

        @Override
        public void onDropped() {
            told.add("dropped");
        }
    }

    private static List<String> toldFor(int status) {
        RecordingPermit permit = new RecordingPermit();
        new AdmittedRequest(permit).answered(status);
        return permit.told;
    }

    @Test
    void successfulWorkIsASample() {
        assertThat(toldFor(201)).containsExactly("success");
        assertThat(toldFor(200)).containsExactly("success");
    }

    @Test
    void aFastClientErrorSaysNothingAboutLoad() {
        assertThat(toldFor(400)).containsExactly("ignore");
        assertThat(toldFor(404)).containsExactly("ignore");
        assertThat(toldFor(409)).containsExactly("ignore");
        assertThat(toldFor(500)).containsExactly("ignore");
    }

    @Test
    void aRefusalFromFurtherInIsADrop() {
        assertThat(toldFor(503)).containsExactly("dropped");
    }

    @Test
    void thePermitGoesBackOnceWhateverHappensAfter() {
        RecordingPermit permit = new RecordingPermit();
        AdmittedRequest admitted = new AdmittedRequest(permit);
        admitted.answered(201);
        admitted.ignored();
        admitted.answered(503);
        assertThat(permit.told).containsExactly("success");
    }
}
