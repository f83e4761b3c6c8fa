package com.made.allocation.entrypoints;

import com.made.allocation.service.Outbox;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operators' view of the outbox: what is pending or dead, and re-driving a dead entry. */
final class OutboxEndpoints {

    private static final Logger log = LoggerFactory.getLogger(OutboxEndpoints.class);
    private static final int DEAD_SHOWN = 100;

    record DeadView(long id, String messageType, String message, String handler, int attempts, String lastError,
                    String failedAt) {
    }

    record ReportView(Map<String, Long> counts, Long oldestPendingAgeSeconds, List<DeadView> dead) {
    }

    record Redriven(long id, String status) {
    }

    private final Outbox outbox;
    private final AdminToken token;

    OutboxEndpoints(Outbox outbox, AdminToken token) {
        this.outbox = outbox;
        this.token = token;
    }

    /** GET /admin/outbox */
    void report(Context ctx) {
        requireAdmin(ctx);
        Outbox.Report report = outbox.report(DEAD_SHOWN);
        List<DeadView> dead = report.dead().stream()
                .map(entry -> new DeadView(entry.id(), entry.messageType(), entry.message(), entry.handler(),
                        entry.attempts(), entry.lastError(), entry.failedAt().toString()))
                .toList();
        ctx.status(200).json(new ReportView(report.countsByStatus(),
                report.oldestPendingAge().map(age -> age.toSeconds()).orElse(null), dead));
    }

    /** POST /admin/outbox/{id}/retry */
    void retry(Context ctx) {
        requireAdmin(ctx);
        long id = entryId(ctx.pathParam("id"));
        if (!outbox.redrive(id)) {
            ErrorResponses.clientError(ctx, 404, "no dead outbox entry " + id);
            return;
        }
        log.info("Outbox entry {} re-driven by an operator", id);
        ctx.status(200).json(new Redriven(id, "PENDING"));
    }

    private void requireAdmin(Context ctx) {
        if (!token.admits(Optional.ofNullable(ctx.header("Authorization")))) {
            throw new Unauthorized();
        }
    }

    private static long entryId(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new InvalidRequest("id must be a positive integer");
    }
}
