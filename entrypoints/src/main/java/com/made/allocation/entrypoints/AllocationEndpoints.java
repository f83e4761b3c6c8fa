package com.made.allocation.entrypoints;

import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.domain.events.BatchCreated;
import com.made.allocation.domain.events.BatchQuantityChanged;
import com.made.allocation.entrypoints.ResponseBodies.Allocated;
import com.made.allocation.entrypoints.ResponseBodies.AllocationLine;
import com.made.allocation.entrypoints.ResponseBodies.BatchAdded;
import com.made.allocation.entrypoints.ResponseBodies.HealthStatus;
import com.made.allocation.entrypoints.ResponseBodies.QuantityChanged;
import com.made.allocation.service.AllocationsView;
import com.made.allocation.service.HealthCheck;
import com.made.allocation.service.MessageBus;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One method per route: the request becomes a message (or a query), the bus handles it, the result becomes
 * JSON. Every request is fully validated before the bus is called, so a refused request changes nothing.
 * Failures are thrown and answered by {@link ErrorResponses}.
 */
final class AllocationEndpoints {

    private static final Logger log = LoggerFactory.getLogger(AllocationEndpoints.class);

    private final MessageBus bus;
    private final AllocationsView allocations;
    private final HealthCheck health;
    private final JsonBodyReader bodies;

    AllocationEndpoints(MessageBus bus, AllocationsView allocations, HealthCheck health, JsonBodyReader bodies) {
        this.bus = bus;
        this.allocations = allocations;
        this.health = health;
        this.bodies = bodies;
    }

    /** POST /add_batch: 201 {"ref"}; sending the same batch again is a harmless 201. */
    void addBatch(Context ctx) {
        BatchCreated message = Messages.batchCreated(bodies.read(ctx));
        bus.handle(message);
        ctx.status(201).json(new BatchAdded(message.ref()));
    }

    /** POST /allocate: 201 {"batchref"}, or 409 when no batch has enough stock. */
    void allocate(Context ctx) {
        AllocationRequired message = Messages.allocationRequired(bodies.read(ctx));
        Optional<String> batchref = allocatedBatch(bus.handle(message));
        if (batchref.isPresent()) {
            ctx.status(201).json(new Allocated(batchref.get()));
        } else {
            ErrorResponses.clientError(ctx, 409, "Out of stock for sku " + message.sku());
        }
    }

    /** POST /change_batch_quantity: 200 {"ref", "qty"}; lines that no longer fit were reallocated. */
    void changeBatchQuantity(Context ctx) {
        BatchQuantityChanged message = Messages.batchQuantityChanged(bodies.read(ctx));
        bus.handle(message);
        ctx.status(200).json(new QuantityChanged(message.ref(), message.qty()));
    }

    /** GET /allocations/{orderid}: 200 [{"sku", "batchref"}, ...], or 404 when the order has none. */
    void allocationsOf(Context ctx) {
        String orderid = Identifiers.require("orderid", ctx.pathParam("orderid"));
        List<AllocationLine> lines = allocations.allocationsFor(orderid).stream()
                .map(allocation -> new AllocationLine(allocation.sku(), allocation.batchref()))
                .toList();
        if (lines.isEmpty()) {
            ErrorResponses.clientError(ctx, 404, "not found");
        } else {
            ctx.status(200).json(lines);
        }
    }

    /** GET /health: 200 when the storage answers, else 503 (also when asking it fails). */
    void health(Context ctx) {
        if (storageAnswers()) {
            ctx.status(200).json(new HealthStatus("ok"));
        } else {
            ctx.status(503).json(new HealthStatus("unavailable"));
        }
    }

    private boolean storageAnswers() {
        try {
            boolean up = health.storageIsUp();
            if (!up) {
                log.error("503 for health check: storage is down");
            }
            return up;
        } catch (RuntimeException checkFailed) {
            log.error("503 for health check: the check failed", checkFailed);
            return false;
        }
    }

    // The Allocate handler runs first for the message, so its result comes first: the batch, or empty.
    private static Optional<String> allocatedBatch(List<Object> results) {
        Object first = results.isEmpty() ? null : results.get(0);
        if (!(first instanceof Optional<?> batchref)) {
            throw new IllegalStateException("allocation gave no batch result but " + first);
        }
        return batchref.map(String.class::cast);
    }
}
