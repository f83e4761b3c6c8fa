package com.made.allocation.bootstrap.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** A small JSON-over-HTTP client for the end-to-end tests; every exchange is checked against the contract. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)), json);
    }

    /** A POST that names its request with {@code X-Request-Id}. */
    HttpResponse<String> post(String path, String json, String requestId) {
        return send(request(path).header("Content-Type", "application/json").header("X-Request-Id", requestId)
                .POST(BodyPublishers.ofString(json)), json);
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET(), null);
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(request(path).method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)),
                body);
    }

    HttpResponse<String> addBatch(String ref, String sku, int qty, String eta) {
        return post("/add_batch", "{\"ref\":\"" + ref + "\",\"sku\":\"" + sku + "\",\"qty\":" + qty + ",\"eta\":"
                + (eta == null ? "null" : "\"" + eta + "\"") + "}");
    }

    HttpResponse<String> allocate(String orderid, String sku, int qty) {
        return post("/allocate", "{\"orderid\":\"" + orderid + "\",\"sku\":\"" + sku + "\",\"qty\":" + qty + "}");
    }

    HttpResponse<String> changeBatchQuantity(String ref, int qty) {
        return post("/change_batch_quantity", "{\"ref\":\"" + ref + "\",\"qty\":" + qty + "}");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    /** Sends the request, and holds it and its answer to the OpenAPI document ({@link Contract}). */
    private static HttpResponse<String> send(HttpRequest.Builder builder, String body) {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());
            Contract.check(request, body, response);
            return response;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
