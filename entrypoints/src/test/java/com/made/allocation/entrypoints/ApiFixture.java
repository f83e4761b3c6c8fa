package com.made.allocation.entrypoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.made.allocation.service.fakes.FakeNotifications;
import com.made.allocation.service.fakes.FakeUnitOfWorkFactory;
import com.made.allocation.service.handlers.Handlers;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The real app on a free port of 127.0.0.1, over the real bus and handlers with the service layer's fakes
 * behind them, and an HTTP client to speak to it. One per test, so every test starts from an empty store.
 */
final class ApiFixture implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeUnitOfWorkFactory unitsOfWork = new FakeUnitOfWorkFactory();
    final FakeNotifications notifications = new FakeNotifications();
    final RecordingBus bus = new RecordingBus(unitsOfWork.bus(Handlers.registry(notifications)));
    final AtomicReference<BooleanSupplier> health = new AtomicReference<>(() -> true);
    final Draining draining = new Draining();
    private final Javalin app;

    /** The token the operators' routes accept, unless the fixture was made without one. */
    static final String ADMIN_TOKEN = "s3cret-admin-token";

    ApiFixture() {
        this(Optional.of(AdminToken.of(ADMIN_TOKEN)));
    }

    ApiFixture(Optional<AdminToken> adminToken) {
        AllocationApi api = new AllocationApi(bus, new FakeAllocationsView(unitsOfWork),
                () -> health.get().getAsBoolean(), unitsOfWork.report(), adminToken, Optional.empty());
        // No grace period on stop: tests close their apps with idle keep-alive connections still open.
        app = api.createApp(Duration.ZERO, draining).start("127.0.0.1", 0);
    }

    int port() {
        return app.port();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    Reply post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)));
    }

    Reply post(String path, BodyPublisher body) {
        return send(request(path).header("Content-Type", "application/json").POST(body));
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply send(HttpRequest.Builder request) {
        try {
            var response = CLIENT.send(request.build(), BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    }

    /** Adds a batch through the API, asserting that it was accepted. */
    void addBatch(String ref, String sku, int qty, String eta) {
        String etaJson = eta == null ? "null" : "\"" + eta + "\"";
        Reply reply = post("/add_batch",
                "{\"ref\":\"" + ref + "\",\"sku\":\"" + sku + "\",\"qty\":" + qty + ",\"eta\":" + etaJson + "}");
        if (reply.status() != 201) {
            throw new AssertionError("add_batch answered " + reply.status() + " " + reply.body());
        }
    }

    @Override
    public void close() {
        app.stop();
    }

    /** What the server answered. */
    record Reply(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String message() {
            return json().get("message").asText();
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }
}
