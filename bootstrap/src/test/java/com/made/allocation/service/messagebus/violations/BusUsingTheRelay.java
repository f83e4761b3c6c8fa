package com.made.allocation.service.messagebus.violations;

import com.made.allocation.service.publishing.EventRelay;

/** Breaks the rule on purpose: the bus publishing events itself, on the path of a request. */
public class BusUsingTheRelay {
    EventRelay relay;
}
