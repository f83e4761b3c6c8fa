package com.made.allocation.adapters.jooq.messages.violations;

import com.made.allocation.adapters.jooq.Locking;

/** Breaks the rule on purpose: the message tables locking the way products are locked. */
public class MessagesKnowingProducts {
    Locking locking;
}
