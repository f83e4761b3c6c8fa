package com.made.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.made.allocation.service.failures.ConcurrencyConflict;
import com.made.allocation.service.failures.StorageUnavailable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Requests that never become a message, and failures behind the bus: each is answered with a JSON
 * {"message"} body, never an HTML page or a stack trace, and a refused request writes nothing.
 */
class HttpErrorsTest {

    private static final int LIMIT = AllocationApi.MAX_BODY_BYTES;

    private final ApiFixture api = new ApiFixture();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger apiLogger = (Logger) LoggerFactory.getLogger("com.made.allocation.entrypoints");

    @BeforeEach
    void listenToTheLog() {
        logged.start();
        apiLogger.addAppender(logged);
    }

    @AfterEach
    void stop() {
        apiLogger.detachAppender(logged);
        api.close();
    }

    @Test
    void malformedJsonIs400() {
        for (String body : new String[] {"{", "{\"orderid\":", "{\"orderid\" \"o1\"}", "{'orderid':'o1'}",
                "{\"qty\":007}", "{\"qty\":NaN}", "{} {}", "{}x", "not json", "{\"a\":1,}"}) {
            assertRefused(api.post("/allocate", body), 400, "malformed JSON");
        }
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        for (String body : new String[] {"", "   ", "[]", "[{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":1}]",
                "\"o1\"", "42", "null", "true"}) {
            assertRefused(api.post("/allocate", body), 400, "body must be a JSON object");
        }
    }

    @Test
    void bytesThatAreNotUtf8Are400() {
        byte[] body = {'{', '"', 's', 'k', 'u', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertRefused(api.post("/allocate", BodyPublishers.ofByteArray(body)), 400, "malformed JSON");
    }

    @Test
    void deeplyNestedJsonIs400() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);

        assertRefused(api.post("/allocate", "{\"orderid\":\"o1\",\"junk\":" + deep + "}"), 400, "malformed JSON");
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        String json = "{\"ref\":\"b1\",\"sku\":\"CHAIR\",\"qty\":1}";
        String body = json + " ".repeat(LIMIT - json.length());

        ApiFixture.Reply reply = api.post("/add_batch", body);

        assertThat(reply.status()).isEqualTo(201);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String json = "{\"ref\":\"b1\",\"sku\":\"CHAIR\",\"qty\":1}";
        String body = json + " ".repeat(LIMIT - json.length() + 1);

        assertRefused(api.post("/add_batch", body), 413, "body must be at most 65536 bytes");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        // Only a little over the limit: the server stops reading at the limit and closes the connection,
        // and a client still sending a much larger body may see the reset instead of the answer.
        String junk = "x".repeat(LIMIT + 1024);
        byte[] body = ("{\"ref\":\"b1\",\"sku\":\"CHAIR\",\"qty\":1,\"junk\":\"" + junk + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        // Without a known length the client sends the body chunked, with no Content-Length.
        ApiFixture.Reply reply = api.post("/add_batch",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertRefused(reply, 413, "body must be at most 65536 bytes");
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() throws IOException {
        String response = rawExchange("POST /add_batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10000000\r\nConnection: close\r\n\r\n{");

        assertThat(response).startsWith("HTTP/1.1 413 ");
        assertThat(response).containsIgnoringCase("Content-Type: application/json");
        assertThat(response).endsWith("{\"message\":\"body must be at most 65536 bytes\"}");
    }

    @Test
    void anUnknownPathIs404() {
        assertRefused(api.get("/nowhere"), 404, "not found");
        assertRefused(api.post("/nowhere", "{}"), 404, "not found");
        assertRefused(api.get("/allocations"), 404, "not found");
        assertRefused(api.get("/allocations/o1/more"), 404, "not found");
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405() {
        ApiFixture.Reply reply = api.get("/allocate");

        assertRefused(reply, 405, "method not allowed");
        assertThat(reply.headers().firstValue("Allow")).contains("POST");
        assertRefused(api.send(api.request("/health").DELETE()), 405, "method not allowed");
        assertRefused(api.send(api.request("/allocations/o1").PUT(BodyPublishers.ofString("{}"))), 405,
                "method not allowed");
    }

    @Test
    void anUnexpectedFailureIs500WithoutDetailsAndIsLoggedOnceWithItsStackTrace() {
        api.bus.failWith(new IllegalStateException("SELECT * FROM batches WHERE secret = 1"));

        ApiFixture.Reply reply = api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":1}");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.body()).isEqualTo("{\"message\":\"internal error\"}");
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.ERROR).singleElement()
                .satisfies(event -> assertThat(event.getThrowableProxy().getMessage()).contains("SELECT"));
    }

    @Test
    void aJavaLangErrorIs500WithoutDetails() {
        api.bus.failWith(new AssertionError("invariant broken in com.made.allocation.Secret"));

        ApiFixture.Reply reply = api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":1}");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.body()).isEqualTo("{\"message\":\"internal error\"}");
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.ERROR).hasSize(1);
    }

    @Test
    void aConflictThatOutlivedTheRetriesIs503WithRetryAfter() {
        api.bus.failWith(new ConcurrencyConflict("products row version 3 is stale (UPDATE products ...)"));

        ApiFixture.Reply reply = api.post("/change_batch_quantity", "{\"ref\":\"b1\",\"qty\":1}");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.headers().firstValue("Retry-After")).contains("1");
        assertThat(reply.message()).isEqualTo("the service is busy, please retry");
        assertThat(reply.body()).doesNotContain("UPDATE", "stale");
    }

    @Test
    void aLostDatabaseIs503WithRetryAfterAndOneWarningLine() {
        api.bus.failWith(new StorageUnavailable("query failed: FATAL: terminating connection (SELECT ...)",
                new java.sql.SQLException("terminating connection", "57P01")));

        ApiFixture.Reply reply = api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"LAMP\",\"qty\":1}");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.headers().firstValue("Retry-After")).contains("2");
        assertThat(reply.message()).isEqualTo("the database cannot be reached, please retry");
        assertThat(reply.body()).doesNotContain("SELECT", "FATAL");
        assertThat(logged.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).singleElement()
                .satisfies(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.WARN);
                    assertThat(event.getThrowableProxy()).isNull();
                });
    }

    @Test
    void refusalsAreLoggedAtDebugOnly() {
        api.post("/allocate", "{");
        api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"NOPE\",\"qty\":1}");
        api.get("/nowhere");

        assertThat(logged.list).hasSize(3).allSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.DEBUG));
    }

    @Test
    void errorsJettyRaisesItselfAreJsonToo() throws IOException {
        String badUri = rawExchange("GET /health%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        String hugeHeader = rawExchange("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "h".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(badUri).startsWith("HTTP/1.1 400 ").endsWith("{\"message\":\"bad request\"}");
        assertThat(hugeHeader).startsWith("HTTP/1.1 431 ").endsWith("{\"message\":\"request header fields too large\"}");
        assertThat(badUri + hugeHeader).doesNotContain("<html", "Exception", "org.eclipse");
    }

    private void assertRefused(ApiFixture.Reply reply, int status, String message) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.message()).isEqualTo(message);
        assertThat(api.bus.handled()).as("messages sent to the bus").isEmpty();
        assertThat(api.unitsOfWork.started()).as("units of work started").isEmpty();
    }

    /** Sends bytes the HTTP client would not, and returns everything the server answered. */
    private String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
