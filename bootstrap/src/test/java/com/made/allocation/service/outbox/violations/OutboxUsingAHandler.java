package com.made.allocation.service.outbox.violations;

import com.made.allocation.service.handlers.HandlerRegistry;

/** Breaks the rule on purpose: the outbox choosing handlers for its deliveries. */
public class OutboxUsingAHandler {
    HandlerRegistry handlers;
}
