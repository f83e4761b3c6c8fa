package com.made.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every answer names its request; the follow-on messages a request causes are stored under its id. */
class RequestIdsTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    private String idOf(ApiFixture.Reply reply) {
        return reply.headers().firstValue("X-Request-Id").orElseThrow();
    }

    private ApiFixture.Reply healthAs(String requestId) {
        return api.send(api.request("/health").header("X-Request-Id", requestId).GET());
    }

    @Test
    void aSafeRequestIdIsSentBack() {
        String asked = "checkout-7f3a_2026.11.29-" + "x".repeat(103); // 128 characters
        assertThat(idOf(healthAs(asked))).isEqualTo(asked);
    }

    @Test
    void withoutOneEachRequestGetsANewId() {
        String first = idOf(api.get("/health"));
        String second = idOf(api.get("/health"));

        assertThat(first).matches(UUID);
        assertThat(second).matches(UUID).isNotEqualTo(first);
    }

    @Test
    void anUnsafeIdIsReplacedNeverEchoed() {
        for (String unsafe : List.of("two words", "<script>alert(1)</script>", "x".repeat(129), "quote\"d", "")) {
            assertThat(idOf(healthAs(unsafe))).as(unsafe).matches(UUID);
        }
    }

    @Test
    void refusedAndUnknownRequestsCarryAnIdToo() {
        assertThat(idOf(api.post("/allocate", "{"))).matches(UUID);
        assertThat(idOf(api.get("/nowhere"))).matches(UUID);
    }

    @Test
    void theFollowOnMessagesOfARequestAreStoredUnderItsId() {
        api.addBatch("b1", "LAMP", 5, null);

        ApiFixture.Reply reply = api.send(api.request("/allocate").header("Content-Type", "application/json")
                .header("X-Request-Id", "lamps-run-out")
                .POST(BodyPublishers.ofString("{\"orderid\":\"o1\",\"sku\":\"LAMP\",\"qty\":10}")));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(api.unitsOfWork.outbox().entries()).singleElement()
                .satisfies(entry -> assertThat(entry.message().requestId()).isEqualTo("lamps-run-out"));
    }
}
