/**
 * What the entrypoints read beside the bus: the allocations of an order, the state of the outbox, the
 * health of the storage. Read-only ports, implemented by the adapters.
 */
package com.made.allocation.service.views;
