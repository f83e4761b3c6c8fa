package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.AllocationService;
import com.made.allocation.bootstrap.Settings;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The running service over real HTTP, on a real database, with GreenMail as its SMTP server: the book's two
 * end-to-end cases and every rule of the HTTP API in README.md.
 */
abstract class ApiEndToEndContract {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private DatabaseSettings database;
    private AllocationService service;
    protected Http http;

    protected abstract DatabaseSettings newDatabase();

    @BeforeEach
    void start() {
        database = newDatabase();
        service = startService();
        http = new Http(service.port());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private AllocationService startService() {
        return AllocationService.start(Settings.with(database, Map.of("HTTP_PORT", "0", "SHUTDOWN_GRACE_MS", "0",
                "SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()))));
    }

    private static String random(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long count(String table) {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException failed) {
            throw new IllegalStateException(failed);
        }
    }

    private List<Long> rowCounts() {
        return List.of(count("products"), count("batches"), count("allocations"));
    }

    @Test
    void happyPathReturns201AndAllocatedBatch() {
        String sku = random("sku");
        String otherSku = random("other");
        String earlyBatch = random("batch");
        String laterBatch = random("batch");
        String otherBatch = random("batch");
        http.addBatch(laterBatch, sku, 100, "2011-01-02");
        http.addBatch(earlyBatch, sku, 100, "2011-01-01");
        http.addBatch(otherBatch, otherSku, 100, null);

        HttpResponse<String> response = http.allocate(random("order"), sku, 3);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"batchref\":\"" + earlyBatch + "\"}");
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
    }

    @Test
    void unhappyPathReturns400AndErrorMessage() {
        String unknownSku = random("sku");

        HttpResponse<String> response = http.allocate(random("order"), unknownSku, 20);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"message\":\"Invalid sku " + unknownSku + "\"}");
    }

    @Test
    void warehouseStockIsPreferredToShipments() {
        http.addBatch("shipment", "CLOCK", 100, "2030-01-01");
        http.addBatch("warehouse", "CLOCK", 100, null);

        assertThat(http.allocate("o1", "CLOCK", 10).body()).isEqualTo("{\"batchref\":\"warehouse\"}");
    }

    @Test
    void addingTheSameBatchTwiceIsANoOpAndADifferentOneAConflict() {
        assertThat(http.addBatch("b1", "LAMP", 10, "2030-01-01").statusCode()).isEqualTo(201);
        List<Long> before = rowCounts();

        HttpResponse<String> again = http.addBatch("b1", "LAMP", 10, "2030-01-01");
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo("{\"ref\":\"b1\"}");

        HttpResponse<String> different = http.addBatch("b1", "OTHER-LAMP", 10, null);
        assertThat(different.statusCode()).isEqualTo(409);
        assertThat(different.body()).startsWith("{\"message\":");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void allocatingTheSameLineAgainAllocatesNothingMore() {
        http.addBatch("b1", "DESK", 10, null);
        http.addBatch("b2", "DESK", 10, "2030-01-01");
        String first = http.allocate("o1", "DESK", 6).body();

        HttpResponse<String> again = http.allocate("o1", "DESK", 6);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first).isEqualTo("{\"batchref\":\"b1\"}");
        assertThat(count("allocations")).isEqualTo(1);

        HttpResponse<String> otherQty = http.allocate("o1", "DESK", 2);
        assertThat(otherQty.statusCode()).isEqualTo(409);
        assertThat(count("allocations")).isEqualTo(1);
        assertThat(http.get("/allocations/o1").body()).isEqualTo("[{\"sku\":\"DESK\",\"batchref\":\"b1\"}]");
    }

    @Test
    void outOfStockIs409AndSendsExactlyOneMail() throws Exception {
        http.addBatch("b1", "POPULAR-CURTAINS", 5, null);

        HttpResponse<String> response = http.allocate("o1", "POPULAR-CURTAINS", 10);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo("{\"message\":\"Out of stock for sku POPULAR-CURTAINS\"}");
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getAllRecipients()).extracting(Object::toString).containsExactly("stock@made.com");
        assertThat(mails[0].getSubject()).contains("Out of stock for POPULAR-CURTAINS");
        assertThat(GreenMailUtil.getBody(mails[0])).contains("Out of stock for POPULAR-CURTAINS");
        assertThat(count("allocations")).isZero();
    }

    @Test
    void aQuantityChangeReallocatesByTheRules() {
        http.addBatch("batch1", "INDIFFERENT-TABLE", 50, null);
        http.addBatch("batch2", "INDIFFERENT-TABLE", 50, "2030-01-01");
        http.allocate("order1", "INDIFFERENT-TABLE", 20);
        http.allocate("order2", "INDIFFERENT-TABLE", 20);

        HttpResponse<String> changed = http.changeBatchQuantity("batch1", 25);

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo("{\"ref\":\"batch1\",\"qty\":25}");
        // the newest line leaves the shrunken batch and is allocated to the next one by the rules
        assertThat(http.get("/allocations/order1").body()).isEqualTo("[{\"sku\":\"INDIFFERENT-TABLE\",\"batchref\":\"batch1\"}]");
        assertThat(http.get("/allocations/order2").body()).isEqualTo("[{\"sku\":\"INDIFFERENT-TABLE\",\"batchref\":\"batch2\"}]");
    }

    @Test
    void writingOffABatchReallocatesEveryLineOrReportsItOutOfStock() throws Exception {
        http.addBatch("batch1", "CHAIR", 30, null);
        http.addBatch("batch2", "CHAIR", 15, "2030-01-01");
        for (String order : List.of("o1", "o2", "o3")) {
            http.allocate(order, "CHAIR", 10);
        }

        assertThat(http.changeBatchQuantity("batch1", 0).statusCode()).isEqualTo(200);

        // newest first: o3 takes batch2's room, o2 and o1 find none
        assertThat(http.get("/allocations/o3").body()).isEqualTo("[{\"sku\":\"CHAIR\",\"batchref\":\"batch2\"}]");
        assertThat(http.get("/allocations/o2").statusCode()).isEqualTo(404);
        assertThat(http.get("/allocations/o1").statusCode()).isEqualTo(404);
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(count("allocations")).isEqualTo(1);
    }

    @Test
    void aQuantityChangeOfAnUnknownBatchIs404() {
        HttpResponse<String> response = http.changeBatchQuantity("nope", 3);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"message\":\"Invalid batch ref nope\"}");
    }

    @Test
    void anOrderWithoutAllocationsIs404() {
        HttpResponse<String> response = http.get("/allocations/nobody");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"message\":\"not found\"}");
    }

    @Test
    void anOrderListsEachOfItsSkus() {
        http.addBatch("b1", "SKU-B", 10, null);
        http.addBatch("b2", "SKU-A", 10, null);
        http.allocate("o1", "SKU-B", 1);
        http.allocate("o1", "SKU-A", 1);

        assertThat(http.get("/allocations/o1").body())
                .isEqualTo("[{\"sku\":\"SKU-A\",\"batchref\":\"b2\"},{\"sku\":\"SKU-B\",\"batchref\":\"b1\"}]");
    }

    @Test
    void identifiersOf255CharactersAreStored() {
        String sku = "\uD83D\uDCE6".repeat(127) + "x"; // 255 UTF-16 units, as Java and H2 count them
        String ref = "r".repeat(255);

        assertThat(http.addBatch(ref, sku, 10, null).statusCode()).isEqualTo(201);
        HttpResponse<String> allocated = http.allocate("o".repeat(255), sku, 1);

        assertThat(allocated.statusCode()).isEqualTo(201);
        assertThat(allocated.body()).isEqualTo("{\"batchref\":\"" + ref + "\"}");
    }

    @Test
    void healthIs200WhenTheDatabaseAnswers() {
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }

    static Stream<Arguments> invalidRequests() {
        String longText = "x".repeat(256);
        return Stream.of(
                Arguments.of("/add_batch", "{\"sku\":\"S\",\"qty\":1}", "ref"),
                Arguments.of("/add_batch", "{\"ref\":null,\"sku\":\"S\",\"qty\":1}", "ref"),
                Arguments.of("/add_batch", "{\"ref\":5,\"sku\":\"S\",\"qty\":1}", "ref"),
                Arguments.of("/add_batch", "{\"ref\":\"\",\"sku\":\"S\",\"qty\":1}", "ref"),
                Arguments.of("/add_batch", "{\"ref\":\"" + longText + "\",\"sku\":\"S\",\"qty\":1}", "ref"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"qty\":1}", "sku"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":[\"S\"],\"qty\":1}", "sku"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":\"S\\u0000\",\"qty\":1}", "sku"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":\"S\"}", "qty"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":\"S\",\"qty\":\"3\"}", "qty"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":\"S\",\"qty\":3.5}", "qty"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":\"S\",\"qty\":true}", "qty"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":\"S\",\"qty\":0}", "qty"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":\"S\",\"qty\":-1}", "qty"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":\"S\",\"qty\":2147483648}", "qty"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":\"S\",\"qty\":1,\"eta\":\"2011-13-01\"}", "eta"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":\"S\",\"qty\":1,\"eta\":\"yesterday\"}", "eta"),
                Arguments.of("/add_batch", "{\"ref\":\"r\",\"sku\":\"S\",\"qty\":1,\"eta\":20110101}", "eta"),
                Arguments.of("/allocate", "{\"sku\":\"S\",\"qty\":1}", "orderid"),
                Arguments.of("/allocate", "{\"orderid\":\"o\",\"sku\":\"S\\r\\nBcc: x@example.com\",\"qty\":1}", "sku"),
                Arguments.of("/allocate", "{\"orderid\":\"o\",\"sku\":\"S\",\"qty\":0}", "qty"),
                Arguments.of("/allocate", "{\"orderid\":\"o\",\"sku\":\"S\",\"qty\":null}", "qty"),
                Arguments.of("/change_batch_quantity", "{\"qty\":1}", "ref"),
                Arguments.of("/change_batch_quantity", "{\"ref\":\"b\",\"qty\":-1}", "qty"),
                Arguments.of("/change_batch_quantity", "{\"ref\":\"b\",\"qty\":\"ten\"}", "qty"),
                Arguments.of("/allocate", "{\"orderid\":\"o\",", "JSON"),
                Arguments.of("/allocate", "[1,2,3]", "object"),
                Arguments.of("/allocate", "", "body"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidRequests")
    void badInputIs400NamingTheFieldAndWritesNothing(String path, String body, String named) {
        http.addBatch("existing", "S", 100, null);
        List<Long> before = rowCounts();

        HttpResponse<String> response = http.post(path, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"message\":\"").contains(named);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void protocolErrorsAreJsonAndNeverLeakInternals() {
        List<HttpResponse<String>> responses = new ArrayList<>();
        HttpResponse<String> tooLarge = http.post("/add_batch",
                "{\"ref\":\"r\",\"sku\":\"S\",\"qty\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        responses.add(tooLarge);
        HttpResponse<String> unknownPath = http.get("/no/such/path");
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        responses.add(unknownPath);
        HttpResponse<String> wrongMethod = http.send("DELETE", "/allocate", null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        responses.add(wrongMethod);
        responses.add(http.post("/allocate", "{\"orderid\":\"o\",\"sku\":\"" + "\\ud800" + "\",\"qty\":1}"));
        responses.add(http.post("/allocate", "{\"orderid\":\"o\",\"sku\":\"S\",\"qty\":1e400}"));
        responses.add(http.post("/allocate", "{" + "\"a\":[".repeat(2000) + "1" + "]".repeat(2000) + "}"));
        responses.add(http.send("PUT", "/add_batch", "{}"));

        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
            assertThat(response.body()).startsWith("{\"message\":")
                    .doesNotContain("Exception", "\tat ", "java.", "SQL", "jooq", "select ");
        }
        assertThat(rowCounts()).containsOnly(0L);
    }

    @Test
    void aLineBreakInAnyFieldAddsNoMailHeader() throws Exception {
        http.addBatch("b1", "RUG", 1, null);
        for (String field : List.of("orderid", "sku")) {
            String body = "{\"orderid\":\"o1\",\"sku\":\"RUG\",\"qty\":5}"
                    .replace("\"" + (field.equals("sku") ? "RUG" : "o1") + "\"",
                            "\"" + (field.equals("sku") ? "RUG" : "o1") + "\\r\\nBcc: thief@example.com\"");
            assertThat(http.post("/allocate", body).statusCode()).isEqualTo(400);
        }
        assertThat(http.allocate("o1", "RUG", 5).statusCode()).isEqualTo(409); // a real out-of-stock mail

        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getHeader("Bcc")).isNull();
        assertThat(Collections.list(mails[0].getAllHeaderLines())).noneMatch(line -> line.contains("thief"));
        assertThat(smtp.getReceivedMessagesForDomain("example.com")).isEmpty();
    }

    @Test
    void theDataSurvivesARestart() {
        http.addBatch("b1", "SOFA", 10, null);
        http.allocate("o1", "SOFA", 4);
        service.close();

        service = startService();
        http = new Http(service.port());

        assertThat(http.get("/allocations/o1").body()).isEqualTo("[{\"sku\":\"SOFA\",\"batchref\":\"b1\"}]");
        assertThat(http.allocate("o2", "SOFA", 6).statusCode()).isEqualTo(201);
        assertThat(http.allocate("o3", "SOFA", 1).statusCode()).isEqualTo(409);
    }
}
