package com.made.allocation.service.handlers;

import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.domain.events.BatchCreated;
import com.made.allocation.domain.events.BatchQuantityChanged;
import com.made.allocation.domain.events.OutOfStock;
import com.made.allocation.service.HandlerRegistry;
import com.made.allocation.service.Notifications;

/** The handlers of the allocation service, one per message type. */
public final class Handlers {

    private Handlers() {
    }

    /**
     * The service's registry: which use case answers which message. The names are stored with pending
     * deliveries: keep them stable.
     */
    public static HandlerRegistry registry(Notifications notifications) {
        return new HandlerRegistry()
                .on(BatchCreated.class, "add_batch", new AddBatch())
                .on(BatchQuantityChanged.class, "change_batch_quantity", new ChangeBatchQuantity())
                .on(AllocationRequired.class, "allocate", new Allocate())
                .on(OutOfStock.class, "send_out_of_stock_notification", new SendOutOfStockNotification(notifications));
    }
}
