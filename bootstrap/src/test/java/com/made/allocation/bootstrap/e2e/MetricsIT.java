package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.AllocationService;
import com.made.allocation.bootstrap.Settings;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} after real traffic: every family there, with the counts the traffic made. */
class MetricsIT {

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private AllocationService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** The value of the one sample of {@code family} whose labels include all of {@code labels}. */
    private static double sample(String scrape, String family, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(family) + "(\\{.*})? (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(scrape);
        Double found = null;
        while (matcher.find()) {
            String have = matcher.group(1) == null ? "" : matcher.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= have.contains(label);
            }
            if (all) {
                assertThat(found).as("one sample of %s with %s", family, String.join(",", labels)).isNull();
                found = Double.parseDouble(matcher.group(2));
            }
        }
        assertThat(found).as("a sample of %s with %s in:%n%s", family, String.join(",", labels), scrape).isNotNull();
        return found;
    }

    @Test
    void theScrapeCountsWhatHappened() {
        service = AllocationService.start(Settings.with(database, Map.of("HTTP_PORT", "0", "SHUTDOWN_GRACE_MS", "0")));
        Http http = new Http(service.port());
        http.addBatch("b1", "LAMP", 5, null);
        assertThat(http.allocate("o1", "LAMP", 3).statusCode()).isEqualTo(201);
        assertThat(http.allocate("o2", "LAMP", 5).statusCode()).isEqualTo(409); // out of stock: a mail
        assertThat(http.get("/allocations/o1").statusCode()).isEqualTo(200);
        assertThat(http.get("/allocations/nobody").statusCode()).isEqualTo(404);
        assertThat(http.get("/nowhere").statusCode()).isEqualTo(404);
        assertThat(http.changeBatchQuantity("b1", 2).statusCode()).isEqualTo(200); // o1 no longer fits: a mail

        HttpResponse<String> response = http.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String scrape = response.body();
        // requests, by route template and status: no order id becomes a label
        assertThat(sample(scrape, "http_server_requests_seconds_count", "route=\"/allocate\"", "status=\"201\"")).isEqualTo(1);
        assertThat(sample(scrape, "http_server_requests_seconds_count", "route=\"/allocate\"", "status=\"409\"")).isEqualTo(1);
        assertThat(sample(scrape, "http_server_requests_seconds_count", "route=\"/allocations/{orderid}\"",
                "status=\"404\"")).isEqualTo(1);
        assertThat(sample(scrape, "http_server_requests_seconds_count", "route=\"unmatched\"", "status=\"404\""))
                .isEqualTo(1);
        assertThat(scrape).doesNotContain("/allocations/o1", "/allocations/nobody", "/nowhere");
        assertThat(sample(scrape, "http_server_requests_seconds_bucket", "route=\"/allocate\"", "status=\"201\"",
                "le=\"+Inf\"")).isEqualTo(1);
        // the bus: both allocations were handled (one out of stock), then the reallocation after the change
        assertThat(sample(scrape, "allocation_bus_handling_seconds_count", "message_type=\"Allocate\"",
                "outcome=\"success\"")).isEqualTo(2);
        assertThat(sample(scrape, "allocation_bus_handling_seconds_count", "message_type=\"AllocationRequired\"",
                "outcome=\"success\"")).isEqualTo(1);
        // the outbox and the mails
        assertThat(sample(scrape, "allocation_outbox_deliveries_total", "handler=\"send_out_of_stock_notification\"",
                "outcome=\"done\"")).isEqualTo(2);
        assertThat(sample(scrape, "allocation_outbox_deliveries_total", "handler=\"allocate\"", "outcome=\"done\""))
                .isEqualTo(1);
        assertThat(sample(scrape, "allocation_mails_total", "outcome=\"sent\"")).isEqualTo(2);
        assertThat(sample(scrape, "allocation_mails_total", "outcome=\"failed\"")).isZero();
        assertThat(sample(scrape, "allocation_outbox_pending")).isZero();
        assertThat(sample(scrape, "allocation_outbox_dead")).isZero();
        assertThat(sample(scrape, "allocation_outbox_oldest_pending_age_seconds")).isZero();
        // the connection pool, Jetty's threads, the JVM
        assertThat(sample(scrape, "hikaricp_connections_max", "pool=\"allocation-db\"")).isEqualTo(20);
        assertThat(sample(scrape, "jetty_threads_current")).isPositive();
        assertThat(scrape).contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_gc_", "jvm_threads_live_threads",
                "process_cpu_usage", "process_uptime_seconds");
    }

    @Test
    void metricsCanBeTurnedOff() {
        service = AllocationService.start(Settings.with(database,
                Map.of("HTTP_PORT", "0", "SHUTDOWN_GRACE_MS", "0", "METRICS_ENABLED", "false")));

        assertThat(new Http(service.port()).get("/metrics").statusCode()).isEqualTo(404);
    }
}
