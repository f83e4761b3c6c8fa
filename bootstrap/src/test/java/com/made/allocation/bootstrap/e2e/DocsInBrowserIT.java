package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.bootstrap.AllocationService;
import com.made.allocation.bootstrap.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /docs} in a real browser, Debian's headless Chromium, cut off from every host but this one: Swagger
 * UI renders the five routes of the API from {@code /openapi.yaml}, so the page needs nothing from the
 * internet.
 */
class DocsInBrowserIT {

    // Every host name but 127.0.0.1 fails to resolve: a page that needs a CDN cannot render.
    private static final String OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1";

    @TempDir
    Path profile;
    private AllocationService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** The DOM of {@code url} after its scripts ran, as headless Chromium saw it. */
    private String renderedDom(String url) throws IOException, InterruptedException {
        Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, OFFLINE, "--virtual-time-budget=15000", "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return dom;
    }

    @Test
    void theDocsPageListsTheFiveRoutesWithoutTheInternet() throws Exception {
        service = AllocationService.start(Settings.with(TestDatabases.freshPostgres(),
                Map.of("HTTP_PORT", "0", "SHUTDOWN_GRACE_MS", "0")));

        String dom = renderedDom("http://127.0.0.1:" + service.port() + "/docs");

        Matcher paths = Pattern.compile("data-path=\"([^\"]+)\"").matcher(dom);
        TreeSet<String> listed = new TreeSet<>();
        while (paths.find()) {
            listed.add(paths.group(1));
        }
        assertThat(listed).containsAll(List.of("/add_batch", "/allocate", "/change_batch_quantity",
                "/allocations/{orderid}", "/health"));
    }

    @Test
    void theBrowserReallyCannotReachAnythingElse() throws Exception {
        Path page = Files.writeString(profile.resolveSibling(profile.getFileName() + ".html"),
                "<html><body><div id=\"probe\">waiting</div>"
                        + "<script src=\"https://unpkg.com/swagger-ui-dist@5/swagger-ui-bundle.js\"></script>"
                        + "<script>document.getElementById('probe').textContent ="
                        + " typeof SwaggerUIBundle === 'undefined' ? 'offline' : 'online';</script></body></html>");
        try {
            assertThat(renderedDom(page.toUri().toString())).contains("<div id=\"probe\">offline</div>");
        } finally {
            Files.deleteIfExists(page);
        }
    }
}
