/**
 * Admission at the HTTP edge: a request to the API is admitted while fewer than a limit learnt from latency are in
 * flight, and otherwise answered 503 at once with {@code Retry-After}; health, metrics, admin and documents are never
 * limited. Only answers that succeeded teach the limit; a 503 from further in counts as a drop.
 */
package com.made.allocation.entrypoints.admission;
