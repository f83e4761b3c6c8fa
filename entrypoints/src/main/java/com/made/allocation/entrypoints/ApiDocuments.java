package com.made.allocation.entrypoints;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API's contract, {@code GET /openapi.yaml} (kept in the repository as {@code openapi.yaml}), and a page
 * to read and try it, {@code GET /docs}: Swagger UI, served from its webjar by this service itself. The
 * contract of the messages the service exchanges through the broker is {@code GET /asyncapi.yaml} (kept as
 * {@code asyncapi.yaml}), served whether or not a broker is configured.
 */
final class ApiDocuments {

    private ApiDocuments() {
    }

    static void register(JavalinConfig config) {
        byte[] openApi = resource("/openapi.yaml");
        byte[] asyncApi = resource("/asyncapi.yaml");
        byte[] page = resource("/docs/index.html");
        config.staticFiles.enableWebjars();
        config.routes.get("/openapi.yaml", ctx -> serve(ctx, "application/yaml", openApi));
        config.routes.get("/asyncapi.yaml", ctx -> serve(ctx, "application/yaml", asyncApi));
        config.routes.get("/docs", ctx -> serve(ctx, "text/html; charset=utf-8", page));
    }

    private static void serve(Context ctx, String contentType, byte[] body) {
        ctx.contentType(contentType).result(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiDocuments.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
