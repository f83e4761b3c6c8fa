package com.made.allocation.service.failures;

/**
 * Marks a failure that the command itself caused (it names what does not exist, or contradicts what does):
 * handling it again will fail again, so its sender is told why, and nothing is retried.
 */
public interface Refusal {
}
