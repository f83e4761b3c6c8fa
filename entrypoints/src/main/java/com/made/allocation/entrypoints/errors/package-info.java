/**
 * How failures are answered over HTTP: one JSON error body for every 4xx and 5xx, Jetty's own errors
 * included, with {@code Retry-After} where trying again later helps; never a stack trace or SQL text.
 */
package com.made.allocation.entrypoints.errors;
