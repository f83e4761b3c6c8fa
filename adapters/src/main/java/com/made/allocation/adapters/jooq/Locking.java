package com.made.allocation.adapters.jooq;

/**
 * How a unit of work guards a product against concurrent writers. Both strategies check the version on
 * write; they differ in what a second writer experiences.
 */
public enum Locking {
    /** Load without locks; a writer that loses the race gets a {@code ConcurrencyConflict} and is retried. */
    OPTIMISTIC,
    /**
     * Lock the product row on load ({@code SELECT ... FOR UPDATE}); writers to one product queue up, those
     * of one process in the process first ({@link ProductTurns}).
     */
    PESSIMISTIC
}
