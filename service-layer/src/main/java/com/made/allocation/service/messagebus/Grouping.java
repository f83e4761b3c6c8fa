package com.made.allocation.service.messagebus;

/**
 * How the bus groups commands into shared transactions (see {@link Lanes}).
 *
 * @param max   the most commands in one group; 1 runs every command alone
 * @param lanes how many groups may be in their transactions at once, each holding other SKUs than the others
 */
public record Grouping(int max, int lanes) {

    /** Every command alone, in a transaction of its own, one at a time. */
    public static final Grouping OFF = new Grouping(1, 1);

    public Grouping {
        if (max < 1 || lanes < 1) {
            throw new IllegalArgumentException("max and lanes must be at least 1, were " + max + " and " + lanes);
        }
    }
}
