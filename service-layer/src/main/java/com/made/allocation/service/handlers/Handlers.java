package com.made.allocation.service.handlers;

import com.made.allocation.domain.events.Allocated;
import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.domain.events.Deallocated;
import com.made.allocation.domain.events.OutOfStock;
import com.made.allocation.service.commands.Commands;

/** The handlers of the allocation service. */
public final class Handlers {

    private Handlers() {
    }

    /**
     * The service's registry: which use case answers which command, and which follow which event. The
     * event handlers' names are stored with pending deliveries: keep them stable.
     */
    public static HandlerRegistry registry(Notifications notifications) {
        Allocate allocate = new Allocate();
        return new HandlerRegistry()
                .handle(Commands.CreateBatch.class, new AddBatch())
                .handle(Commands.Allocate.class, allocate)
                .handle(Commands.ChangeBatchQuantity.class, new ChangeBatchQuantity())
                .on(AllocationRequired.class, "allocate", allocate)
                .on(OutOfStock.class, "send_out_of_stock_notification", new SendOutOfStockNotification(notifications));
    }

    /**
     * The service's registry when other services listen through a broker: allocations and deallocations
     * are published too, in the order they were committed for each SKU.
     */
    public static HandlerRegistry publishingRegistry(Notifications notifications) {
        return registry(notifications)
                .publish(Allocated.class, Allocated::sku)
                .publish(Deallocated.class, Deallocated::sku);
    }
}
