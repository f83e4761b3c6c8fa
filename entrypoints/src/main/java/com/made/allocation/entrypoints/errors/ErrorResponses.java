package com.made.allocation.entrypoints.errors;

import com.made.allocation.domain.ConflictingOrderLine;
import com.made.allocation.entrypoints.messages.BodyTooLarge;
import com.made.allocation.entrypoints.messages.InvalidRequest;
import com.made.allocation.entrypoints.messages.ResponseBodies.ErrorBody;
import com.made.allocation.service.failures.BusOverloaded;
import com.made.allocation.service.failures.DuplicateBatchRef;
import com.made.allocation.service.failures.Failure;
import com.made.allocation.service.failures.InvalidBatchRef;
import com.made.allocation.service.failures.InvalidSku;
import com.made.allocation.service.failures.StorageUnavailable;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure to a status and a JSON body {@code {"message": ...}}. The messages of the service's own
 * exceptions are meant for clients (they name only what the client sent); anything unexpected is answered
 * with a fixed sentence and logged here, once, with its stack trace, so nothing internal leaks.
 */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    static final String INTERNAL_ERROR = "internal error";
    public static final String BUSY = "the service is busy, please retry";
    static final String STORAGE_UNAVAILABLE = "the database cannot be reached, please retry";

    // Written by hand for the one path where the JSON mapper may be what failed (a java.lang.Error).
    private static final byte[] INTERNAL_ERROR_JSON =
            ("{\"message\":\"" + INTERNAL_ERROR + "\"}").getBytes(StandardCharsets.UTF_8);

    private ErrorResponses() {
    }

    /** Registers the exception handlers on the app's configuration. */
    public static void register(JavalinConfig config) {
        config.routes.exception(InvalidRequest.class, (e, ctx) -> clientError(ctx, 400, e.getMessage()));
        config.routes.exception(BodyTooLarge.class, (e, ctx) -> clientError(ctx, 413, e.getMessage()));
        config.routes.exception(Unauthorized.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate", "Bearer");
            clientError(ctx, 401, e.getMessage());
        });
        config.routes.exception(InvalidSku.class, (e, ctx) -> clientError(ctx, 400, e.getMessage()));
        config.routes.exception(InvalidBatchRef.class, (e, ctx) -> clientError(ctx, 404, e.getMessage()));
        config.routes.exception(DuplicateBatchRef.class, (e, ctx) -> clientError(ctx, 409, e.getMessage()));
        config.routes.exception(ConflictingOrderLine.class, (e, ctx) -> clientError(ctx, 409, e.getMessage()));
        // Javalin's own refusals: no route (404), a route without this method (405), and the like.
        config.routes.exception(HttpResponseException.class, ErrorResponses::javalinRefusal);
        // Everything without a status of its own above, by its kind: the broker's consumer maps the same kinds.
        config.routes.exception(Exception.class, ErrorResponses::byKind);
        config.router.javaLangErrorHandler((res, error) -> {
            log.error("500: fatal error while serving a request", error);
            res.setStatus(500);
            res.setContentType("application/json");
            try {
                res.getOutputStream().write(INTERNAL_ERROR_JSON);
            } catch (IOException | RuntimeException writeFailed) {
                error.addSuppressed(writeFailed); // the status is set; nothing more can be done
            }
        });
    }

    private static void byKind(Exception e, Context ctx) {
        switch (Failure.of(e)) {
            case REFUSED -> clientError(ctx, 400, e.getMessage());
            case RETRY_LATER -> {
                // Expected (the database is away, the product kept changing under the bus's retries, or the
                // bus's queue is full): one line, no stack trace; the exception's own message may describe
                // storage, so only the log has it.
                boolean storage = e instanceof StorageUnavailable;
                log.warn("503 for {} {}: {}: {}", ctx.method(), ctx.path(), storage ? "storage unavailable"
                        : e instanceof BusOverloaded ? "too many commands waiting" : "conflicts outlived the retries",
                        e.getMessage());
                ctx.header("Retry-After", storage ? "2" : "1");
                respond(ctx, 503, storage ? STORAGE_UNAVAILABLE : BUSY);
            }
            case BROKEN -> {
                log.error("500 for {} {}", ctx.method(), ctx.path(), e);
                respond(ctx, 500, INTERNAL_ERROR);
            }
        }
    }

    /** Answers {@code status} with {@code {"message": message}}. */
    static void respond(Context ctx, int status, String message) {
        ctx.status(status).json(new ErrorBody(message));
    }

    /** A refusal the client caused: expected, so logged at DEBUG only. */
    public static void clientError(Context ctx, int status, String message) {
        log.debug("{} for {} {}: {}", status, ctx.method(), ctx.path(), message);
        respond(ctx, status, message);
    }

    private static void javalinRefusal(HttpResponseException e, Context ctx) {
        switch (e.getStatus()) {
            case 404 -> clientError(ctx, 404, "not found");
            case 405 -> {
                if (e instanceof MethodNotAllowedResponse && e.getDetails().containsKey("availableMethods")) {
                    ctx.header("Allow", e.getDetails().get("availableMethods"));
                }
                clientError(ctx, 405, "method not allowed");
            }
            default -> {
                // Its message is a plain status phrase; a 5xx here is still worth an error line.
                String phrase = HttpStatus.forStatus(e.getStatus()).getMessage();
                if (e.getStatus() >= 500) {
                    log.error("{} for {} {}", e.getStatus(), ctx.method(), ctx.path(), e);
                    respond(ctx, e.getStatus(), phrase.toLowerCase(Locale.ROOT));
                } else {
                    clientError(ctx, e.getStatus(), phrase.toLowerCase(Locale.ROOT));
                }
            }
        }
    }
}
