package com.made.allocation.entrypoints;

import com.made.allocation.entrypoints.errors.ErrorResponses;
import com.made.allocation.entrypoints.messages.Identifiers;
import com.made.allocation.entrypoints.messages.JsonBodyReader;
import com.made.allocation.entrypoints.messages.Messages;
import com.made.allocation.entrypoints.messages.ResponseBodies.Allocated;
import com.made.allocation.entrypoints.messages.ResponseBodies.AllocationLine;
import com.made.allocation.entrypoints.messages.ResponseBodies.BatchAdded;
import com.made.allocation.entrypoints.messages.ResponseBodies.HealthStatus;
import com.made.allocation.entrypoints.messages.ResponseBodies.QuantityChanged;
import com.made.allocation.service.commands.Commands.Allocate;
import com.made.allocation.service.commands.Commands.ChangeBatchQuantity;
import com.made.allocation.service.commands.Commands.CreateBatch;
import com.made.allocation.service.messagebus.MessageBus;
import com.made.allocation.service.views.AllocationsView;
import com.made.allocation.service.views.HealthCheck;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One method per route: the request becomes a command (or a query), the bus handles it, the answer becomes
 * JSON. Every request is fully validated before the bus is called, so a refused request changes nothing.
 * Failures are thrown and answered by {@link ErrorResponses}.
 */
final class AllocationEndpoints {

    private static final Logger log = LoggerFactory.getLogger(AllocationEndpoints.class);

    private final MessageBus bus;
    private final AllocationsView allocations;
    private final HealthCheck health;
    private final Draining draining;
    private final JsonBodyReader bodies;

    AllocationEndpoints(MessageBus bus, AllocationsView allocations, HealthCheck health, Draining draining,
                        JsonBodyReader bodies) {
        this.bus = bus;
        this.allocations = allocations;
        this.health = health;
        this.draining = draining;
        this.bodies = bodies;
    }

    /** POST /add_batch: 201 {"ref"}; sending the same batch again is a harmless 201. */
    void addBatch(Context ctx) {
        CreateBatch command = Messages.createBatch(bodies.read(ctx));
        bus.handle(command);
        ctx.status(201).json(new BatchAdded(command.ref()));
    }

    /** POST /allocate: 201 {"batchref"}, or 409 when no batch has enough stock. */
    void allocate(Context ctx) {
        Allocate command = Messages.allocate(bodies.read(ctx));
        Optional<String> batchref = bus.handle(command);
        if (batchref.isPresent()) {
            ctx.status(201).json(new Allocated(batchref.get()));
        } else {
            ErrorResponses.clientError(ctx, 409, "Out of stock for sku " + command.sku());
        }
    }

    /** POST /change_batch_quantity: 200 {"ref", "qty"}; lines that no longer fit were reallocated. */
    void changeBatchQuantity(Context ctx) {
        ChangeBatchQuantity command = Messages.changeBatchQuantity(bodies.read(ctx));
        bus.handle(command);
        ctx.status(200).json(new QuantityChanged(command.ref(), command.qty()));
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

    /**
     * GET /health: 200 when the storage answers, else 503 (also when asking it fails); 503 "stopping" from
     * the moment the instance began to stop, without asking the storage.
     */
    void health(Context ctx) {
        if (draining.started()) {
            ctx.status(503).json(new HealthStatus("stopping"));
        } else if (storageAnswers()) {
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
}
