package com.made.allocation.service.handlers.violations;

import com.made.allocation.service.messagebus.MessageBus;

/** Breaks the rule on purpose: a handler that sends commands through the bus itself. */
public class HandlerUsingTheBus {
    MessageBus bus;
}
