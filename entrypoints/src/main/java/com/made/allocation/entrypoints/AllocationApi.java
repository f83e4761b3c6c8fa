package com.made.allocation.entrypoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.made.allocation.entrypoints.admission.Admission;
import com.made.allocation.entrypoints.errors.ErrorResponses;
import com.made.allocation.entrypoints.errors.JsonJettyErrorHandler;
import com.made.allocation.entrypoints.messages.JsonBodyReader;
import com.made.allocation.entrypoints.messages.RequestIds;
import com.made.allocation.service.messagebus.MessageBus;
import com.made.allocation.service.views.AllocationsView;
import com.made.allocation.service.views.HealthCheck;
import com.made.allocation.service.views.OutboxReport;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The allocation service's HTTP API: JSON in, a command on the bus, JSON out.
 *
 * <pre>
 * POST /add_batch              {"ref", "sku", "qty", "eta"?}  -> 201 {"ref"}
 * POST /allocate               {"orderid", "sku", "qty"}      -> 201 {"batchref"}
 * POST /change_batch_quantity  {"ref", "qty"}                 -> 200 {"ref", "qty"}
 * GET  /allocations/{orderid}                                 -> 200 [{"sku", "batchref"}, ...]
 * GET  /health                                                -> 200 {"status": "ok"} (503 once stopping)
 * GET  /metrics                    (when metrics are on)      -> 200 Prometheus text format
 * GET  /openapi.yaml                                          -> 200 the OpenAPI document of these routes
 * GET  /docs                                                  -> 200 Swagger UI on that document
 * GET  /admin/outbox               (bearer token)             -> 200 {"counts", "oldestPendingAgeSeconds", "dead",
 *                                                                     "publications"}
 * POST /admin/outbox/{id}/retry    (bearer token)             -> 200 {"id", "status"}
 * POST /admin/publications/{id}/retry (bearer token)          -> 200 {"id", "status"}
 * </pre>
 *
 * Every error is JSON {@code {"message": ...}}; see {@link ErrorResponses}. This class only builds the app:
 * whoever owns the process starts it on a port and stops it.
 */
public final class AllocationApi {

    /** Request bodies over this many bytes are refused with 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** How long stopping waits for requests in flight, by default. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final MessageBus bus;
    private final AllocationsView allocations;
    private final HealthCheck health;
    private final OutboxReport outbox;
    private final Optional<AdminToken> adminToken;
    private final Optional<HttpMetrics> metrics;
    private final Admission admission;

    /** As below, admitting every request ({@link Admission#UNLIMITED}). */
    public AllocationApi(MessageBus bus, AllocationsView allocations, HealthCheck health, OutboxReport outbox,
                         Optional<AdminToken> adminToken, Optional<HttpMetrics> metrics) {
        this(bus, allocations, health, outbox, adminToken, metrics, Admission.UNLIMITED);
    }

    /**
     * @param bus         handles the commands the write routes send
     * @param allocations answers {@code GET /allocations/{orderid}}
     * @param health      answers {@code GET /health}
     * @param outbox      answers the operators' routes under {@code /admin}
     * @param adminToken  opens the operators' routes; when empty they are not served at all
     * @param metrics     times every request and serves {@code GET /metrics}; when empty, neither is done
     * @param admission   what the API's routes admit when more requests come than the service can serve
     */
    @Inject
    public AllocationApi(MessageBus bus, AllocationsView allocations, HealthCheck health, OutboxReport outbox,
                         Optional<AdminToken> adminToken, Optional<HttpMetrics> metrics, Admission admission) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        this.health = Objects.requireNonNull(health, "health");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    /**
     * A new, configured, not yet started app. Start it with {@code start(host, port)} and stop it with
     * {@code stop()}; a Javalin app cannot be started again once stopped, so call this for each run.
     */
    public Javalin createApp() {
        return createApp(STOP_TIMEOUT, new Draining());
    }

    /**
     * As {@link #createApp()}, waiting at most {@code stopTimeout} for requests in flight when stopped, and
     * answering {@code GET /health} with 503 once {@code draining} started.
     */
    public Javalin createApp(Duration stopTimeout, Draining draining) {
        ObjectMapper mapper = objectMapper();
        AllocationEndpoints endpoints = new AllocationEndpoints(bus, allocations, health, draining,
                new JsonBodyReader(mapper, MAX_BODY_BYTES));
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.prefer405over404 = true;
            // Our reader enforces the limit itself; this one guards any other way of reading a body.
            config.http.maxRequestSize = MAX_BODY_BYTES;
            ManyClients.tune(config);
            config.startup.showJavalinBanner = false;
            // Off: it starts a thread per app only to hint at a forgotten start(), noise for a library.
            config.startup.startupWatcherEnabled = false;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonJettyErrorHandler(mapper));
                // stop() lets requests in flight finish this long. The GracefulHandler counts them and answers a
                // request that comes after the stop began 503 (JsonJettyErrorHandler), unhandled: without it, such
                // a request could be handled and stored while its connection was closed under it, unanswered.
                server.setStopTimeout(stopTimeout.toMillis());
                // Admission inside it: a request refused for overload is still one the stop waits for.
                GracefulHandler graceful = new GracefulHandler(admission.around(server.getHandler()));
                server.setHandler(graceful);
                // The server shuts its graceful parts side by side, the connectors possibly first: a request on
                // a kept-alive connection could then still be handled after new connections were refused. Shut
                // the handler as the stop begins, before any of them.
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStopping(LifeCycle stopping) {
                        graceful.shutdown();
                    }
                });
                metrics.ifPresent(watching -> watching.watch(server));
            });
            metrics.ifPresent(watching -> {
                config.requestLogger.http((ctx, millis) -> watching.requestServed(ctx.method().name(), route(ctx),
                        ctx.statusCode(), Duration.ofNanos((long) (millis * 1_000_000))));
                config.routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(watching.scrape()));
            });

            RequestIds.register(config);
            draining.register(config);
            ApiDocuments.register(config);
            config.routes.post("/add_batch", endpoints::addBatch);
            config.routes.post("/allocate", endpoints::allocate);
            config.routes.post("/change_batch_quantity", endpoints::changeBatchQuantity);
            config.routes.get("/allocations/{orderid}", endpoints::allocationsOf);
            config.routes.get("/health", endpoints::health);
            adminToken.ifPresent(token -> {
                OutboxEndpoints admin = new OutboxEndpoints(outbox, token);
                config.routes.get("/admin/outbox", admin::report);
                config.routes.post("/admin/outbox/{id}/retry", admin::retryDelivery);
                config.routes.post("/admin/publications/{id}/retry", admin::retryPublication);
            });

            ErrorResponses.register(config);
        });
    }

    // The route template that matched, never the raw path.
    private static String route(Context ctx) {
        try {
            Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
            return matched == null ? "unmatched" : matched.path;
        } catch (RuntimeException noEndpoint) {
            return "unmatched";
        }
    }

    /** Dates as {@code "2011-01-02"}, not as arrays of numbers. */
    static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
