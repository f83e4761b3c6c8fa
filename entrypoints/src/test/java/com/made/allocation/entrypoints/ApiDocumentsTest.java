package com.made.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract at /openapi.yaml names every route, the one at /asyncapi.yaml every message; the page at /docs
 * needs nothing from the internet.
 */
class ApiDocumentsTest {

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void theOpenApiDocumentIsServedAsKeptInTheRepository() throws IOException {
        ApiFixture.Reply reply = api.get("/openapi.yaml");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/yaml");
        try (InputStream kept = AllocationApi.class.getResourceAsStream("/openapi.yaml")) {
            assertThat(reply.body()).isEqualTo(new String(kept.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(reply.body()).startsWith("openapi: 3.1.0");
        for (String route : List.of("/add_batch", "/allocate", "/change_batch_quantity", "/allocations/{orderid}",
                "/health")) {
            assertThat(reply.body()).as(route).contains("\n  " + route + ":\n");
        }
    }

    @Test
    void theAsyncApiDocumentIsServedAsKeptInTheRepository() throws IOException {
        ApiFixture.Reply reply = api.get("/asyncapi.yaml");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/yaml");
        try (InputStream kept = AllocationApi.class.getResourceAsStream("/asyncapi.yaml")) {
            assertThat(reply.body()).isEqualTo(new String(kept.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(reply.body()).startsWith("asyncapi: 2.6.0").contains("\n  version: 1.0.0\n");
        for (String channel : List.of("'{type}.{sku}'", "allocation.commands", "allocation.commands.dead")) {
            assertThat(reply.body()).as(channel).contains("\n  " + channel + ":\n");
        }
        for (String message : List.of("Allocated", "Deallocated", "AddBatch", "Allocate", "ChangeBatchQuantity",
                "DeadLetter")) {
            assertThat(reply.body()).as(message).contains("\n    " + message + ":\n");
        }
    }

    @Test
    void theDocsPageLoadsEverythingFromThisService() {
        ApiFixture.Reply page = api.get("/docs");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).doesNotContain("http://", "https://").contains("url: \"/openapi.yaml\"");
        Matcher assets = Pattern.compile("(?:href|src)=\"(/[^\"]+)\"").matcher(page.body());
        int found = 0;
        while (assets.find()) {
            ApiFixture.Reply asset = api.get(assets.group(1));
            assertThat(asset.status()).as(assets.group(1)).isEqualTo(200);
            assertThat(asset.body()).as(assets.group(1)).isNotEmpty();
            found++;
        }
        assertThat(found).isEqualTo(2);
    }
}
