package com.made.allocation.entrypoints.admission;

/**
 * The bounds of the adaptive admission limit.
 *
 * @param initial the limit at start, before any latency was seen: high enough that the first requests after
 *                a start are not refused
 * @param min     the limit never goes below this, however slow the answers: the concurrency the service
 *                serves well even on a bad day, so a quiet service never refuses
 * @param max     nor above this, however fast
 */
public record AdaptiveLimits(int initial, int min, int max) {

    public AdaptiveLimits {
        if (min < 1 || max < min || initial < min || initial > max) {
            throw new IllegalArgumentException("admission limits need 1 <= min <= initial <= max, were min=" + min
                    + " initial=" + initial + " max=" + max);
        }
    }
}
