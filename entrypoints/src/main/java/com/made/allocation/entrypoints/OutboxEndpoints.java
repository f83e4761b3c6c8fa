package com.made.allocation.entrypoints;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.made.allocation.entrypoints.errors.ErrorResponses;
import com.made.allocation.entrypoints.errors.Unauthorized;
import com.made.allocation.entrypoints.messages.InvalidRequest;
import com.made.allocation.service.views.OutboxReport.DeadEntry;
import com.made.allocation.service.views.OutboxReport.Section;
import com.made.allocation.service.views.OutboxReport;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' view of the stored messages (deliveries to handlers here, and publications to other
 * services): what is pending or dead, and re-driving a dead one.
 */
final class OutboxEndpoints {

    private static final Logger log = LoggerFactory.getLogger(OutboxEndpoints.class);
    private static final int DEAD_SHOWN = 100;

    /** A dead entry: a delivery names its handler, a publication its routing key. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeadView(long id, String messageType, String message, String handler, String routingKey, int attempts,
                    String lastError, String failedAt) {

        static DeadView delivery(DeadEntry entry) {
            return new DeadView(entry.id(), entry.messageType(), entry.message(), entry.destination(), null,
                    entry.attempts(), entry.lastError(), entry.failedAt().toString());
        }

        static DeadView publication(DeadEntry entry) {
            return new DeadView(entry.id(), entry.messageType(), entry.message(), null, entry.destination(),
                    entry.attempts(), entry.lastError(), entry.failedAt().toString());
        }
    }

    record SectionView(Map<String, Long> counts, Long oldestPendingAgeSeconds, List<DeadView> dead) {

        static SectionView of(Section section, Function<DeadEntry, DeadView> view) {
            return new SectionView(section.countsByStatus(),
                    section.oldestPendingAge().map(Duration::toSeconds).orElse(null),
                    section.dead().stream().map(view).toList());
        }
    }

    /** The deliveries' section at the top, as before publications had one of their own. */
    record ReportView(Map<String, Long> counts, Long oldestPendingAgeSeconds, List<DeadView> dead,
                      SectionView publications) {
    }

    record Redriven(long id, String status) {
    }

    private final OutboxReport outbox;
    private final AdminToken token;

    OutboxEndpoints(OutboxReport outbox, AdminToken token) {
        this.outbox = outbox;
        this.token = token;
    }

    /** GET /admin/outbox */
    void report(Context ctx) {
        requireAdmin(ctx);
        OutboxReport.Report report = outbox.report(DEAD_SHOWN);
        SectionView deliveries = SectionView.of(report.deliveries(), DeadView::delivery);
        ctx.status(200).json(new ReportView(deliveries.counts(), deliveries.oldestPendingAgeSeconds(),
                deliveries.dead(), SectionView.of(report.publications(), DeadView::publication)));
    }

    /** POST /admin/outbox/{id}/retry */
    void retryDelivery(Context ctx) {
        redrive(ctx, outbox::redriveDelivery, "outbox entry");
    }

    /** POST /admin/publications/{id}/retry */
    void retryPublication(Context ctx) {
        redrive(ctx, outbox::redrivePublication, "publication");
    }

    private void redrive(Context ctx, LongPredicate redrive, String what) {
        requireAdmin(ctx);
        long id = entryId(ctx.pathParam("id"));
        if (!redrive.test(id)) {
            ErrorResponses.clientError(ctx, 404, "no dead " + what + " " + id);
            return;
        }
        log.info("Dead {} {} re-driven by an operator", what, id);
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
