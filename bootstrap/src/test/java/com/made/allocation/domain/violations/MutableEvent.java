package com.made.allocation.domain.violations;

import com.made.allocation.domain.events.Event;

/** Breaks the rules on purpose: a message that is a mutable class, not a record. */
public class MutableEvent implements Event {

    public String sku;
}
