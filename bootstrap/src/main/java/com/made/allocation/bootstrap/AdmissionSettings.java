package com.made.allocation.bootstrap;

import com.made.allocation.entrypoints.admission.AdaptiveAdmission;
import com.made.allocation.entrypoints.admission.AdaptiveLimits;
import com.made.allocation.entrypoints.admission.Admission;
import com.made.allocation.entrypoints.admission.FixedAdmission;

/**
 * How the HTTP edge admits requests under overload ({@code ADMISSION} and its limits; see the README's
 * "Overload").
 *
 * @param mode       adaptive (the default), fixed, or off
 * @param adaptive   the bounds of the adaptive limit
 * @param fixedLimit the limit of the fixed mode
 */
public record AdmissionSettings(Mode mode, AdaptiveLimits adaptive, int fixedLimit) {

    public enum Mode { ADAPTIVE, FIXED, OFF }

    /** The defaults: see bench/README.md, "Overload", for how they were chosen. */
    static final int DEFAULT_INITIAL = 64;
    static final int DEFAULT_MIN = 16;
    static final int DEFAULT_MAX = 64;
    static final int DEFAULT_FIXED = 16;

    /** A new admission of this kind: one per running service, since it holds the requests in flight. */
    public Admission create() {
        return switch (mode) {
            case ADAPTIVE -> new AdaptiveAdmission(adaptive);
            case FIXED -> new FixedAdmission(fixedLimit);
            case OFF -> Admission.UNLIMITED;
        };
    }

    /** For the start's log line. */
    String describe() {
        return switch (mode) {
            case ADAPTIVE -> "adaptive(initial " + adaptive.initial() + ", min " + adaptive.min() + ", max "
                    + adaptive.max() + ")";
            case FIXED -> "fixed(" + fixedLimit + ")";
            case OFF -> "off";
        };
    }
}
