/**
 * The message bus: a command waits in its SKU's lane, is handled with the commands queued beside it in one
 * unit of work ({@link com.made.allocation.service.messagebus.CommandTransactions}), and the events its commit
 * stored are then handled in turn. Start at {@link com.made.allocation.service.messagebus.OutboxMessageBus}.
 */
package com.made.allocation.service.messagebus;
