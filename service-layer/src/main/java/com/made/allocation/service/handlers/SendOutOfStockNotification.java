package com.made.allocation.service.handlers;

import com.made.allocation.domain.events.OutOfStock;
import com.made.allocation.service.unitofwork.UnitOfWork;
import java.util.Objects;

/**
 * Tells the stock team that a SKU ran out. At least once, not idempotent: mail offers no way to recognise
 * a repeat, so a crash between sending and the commit that marks the delivery done sends the mail again.
 */
public final class SendOutOfStockNotification implements EventHandler<OutOfStock> {

    /** Where out-of-stock notices go. */
    public static final String STOCK_TEAM = "stock@made.com";

    private final Notifications notifications;

    public SendOutOfStockNotification(Notifications notifications) {
        this.notifications = Objects.requireNonNull(notifications);
    }

    @Override
    public void handle(OutOfStock event, UnitOfWork uow) {
        notifications.send(STOCK_TEAM, "Out of stock for " + event.sku());
    }
}
