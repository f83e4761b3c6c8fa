package com.made.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.service.fakes.FakeNotifications.Sent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The book's two end-to-end cases (chapter 9), and a whole story told over HTTP. */
class EndToEndTest {

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void happyPathReturns201AndTheEarliestBatch() {
        api.addBatch("batch-later", "SMALL-TABLE", 100, "2011-01-02");
        api.addBatch("batch-earlier", "SMALL-TABLE", 100, "2011-01-01");
        api.addBatch("other-batch", "OTHER-SKU", 100, null);

        ApiFixture.Reply reply = api.post("/allocate", "{\"orderid\":\"order-1\",\"sku\":\"SMALL-TABLE\",\"qty\":3}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().get("batchref").asText()).isEqualTo("batch-earlier");
    }

    @Test
    void unhappyPathReturns400AndTheErrorMessage() {
        ApiFixture.Reply reply = api.post("/allocate", "{\"orderid\":\"order-1\",\"sku\":\"UNKNOWN-SKU\",\"qty\":20}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).isEqualTo("Invalid sku UNKNOWN-SKU");
    }

    @Test
    void aShrunkBatchSendsItsLinesElsewhereAndRunsOutOfStock() {
        api.addBatch("warehouse", "LAMP", 10, null);
        api.addBatch("shipment", "LAMP", 5, "2011-01-01");
        assertThat(api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"LAMP\",\"qty\":4}").json()
                .get("batchref").asText()).isEqualTo("warehouse");
        assertThat(api.post("/allocate", "{\"orderid\":\"o2\",\"sku\":\"LAMP\",\"qty\":4}").json()
                .get("batchref").asText()).isEqualTo("warehouse");

        ApiFixture.Reply changed = api.post("/change_batch_quantity", "{\"ref\":\"warehouse\",\"qty\":4}");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(api.get("/allocations/o1").body()).isEqualTo("[{\"sku\":\"LAMP\",\"batchref\":\"warehouse\"}]");
        assertThat(api.get("/allocations/o2").body()).isEqualTo("[{\"sku\":\"LAMP\",\"batchref\":\"shipment\"}]");

        ApiFixture.Reply outOfStock = api.post("/allocate", "{\"orderid\":\"o3\",\"sku\":\"LAMP\",\"qty\":2}");
        assertThat(outOfStock.status()).isEqualTo(409);
        assertThat(outOfStock.message()).isEqualTo("Out of stock for sku LAMP");
        assertThat(api.notifications.sent()).containsExactly(new Sent("stock@made.com", "Out of stock for LAMP"));
    }
}
