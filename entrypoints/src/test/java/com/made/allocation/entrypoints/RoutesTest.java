package com.made.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each route's answers when the request is well formed: the successes and the domain's refusals. */
class RoutesTest {

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void stop() {
        api.close();
    }

    private Product product(String sku) {
        return api.unitsOfWork.product(sku).orElseThrow();
    }

    @Nested
    class AddBatch {

        @Test
        void createsTheBatchAndAnswers201WithItsRef() {
            ApiFixture.Reply reply = api.post("/add_batch",
                    "{\"ref\":\"b1\",\"sku\":\"CHAIR\",\"qty\":20,\"eta\":\"2011-01-02\"}");

            assertThat(reply.status()).isEqualTo(201);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.body()).isEqualTo("{\"ref\":\"b1\"}");
            Batch batch = product("CHAIR").batch("b1").orElseThrow();
            assertThat(batch.purchasedQuantity()).isEqualTo(20);
            assertThat(batch.eta()).contains(LocalDate.of(2011, 1, 2));
        }

        @Test
        void anEtaThatIsNullOrAbsentMeansWarehouseStock() {
            assertThat(api.post("/add_batch", "{\"ref\":\"b1\",\"sku\":\"CHAIR\",\"qty\":1,\"eta\":null}").status())
                    .isEqualTo(201);
            assertThat(api.post("/add_batch", "{\"ref\":\"b2\",\"sku\":\"CHAIR\",\"qty\":1}").status())
                    .isEqualTo(201);

            assertThat(product("CHAIR").batch("b1").orElseThrow().eta()).isEmpty();
            assertThat(product("CHAIR").batch("b2").orElseThrow().eta()).isEmpty();
        }

        @Test
        void ignoresUnknownKeys() {
            ApiFixture.Reply reply = api.post("/add_batch",
                    "{\"ref\":\"b1\",\"sku\":\"CHAIR\",\"qty\":1,\"colour\":\"red\",\"nested\":{\"a\":[1,2]}}");

            assertThat(reply.status()).isEqualTo(201);
            assertThat(product("CHAIR").batch("b1")).isPresent();
        }

        @Test
        void resendingTheSameBatchIsAHarmless201() {
            String body = "{\"ref\":\"b1\",\"sku\":\"CHAIR\",\"qty\":20,\"eta\":\"2011-01-02\"}";
            api.post("/add_batch", body);

            ApiFixture.Reply again = api.post("/add_batch", body);

            assertThat(again.status()).isEqualTo(201);
            assertThat(again.json().get("ref").asText()).isEqualTo("b1");
            assertThat(product("CHAIR").batches()).hasSize(1);
        }

        @Test
        void aDifferentBatchWithATakenRefIs409AndChangesNothing() {
            api.addBatch("b1", "CHAIR", 20, null);
            int version = product("CHAIR").versionNumber();

            ApiFixture.Reply reply = api.post("/add_batch", "{\"ref\":\"b1\",\"sku\":\"CHAIR\",\"qty\":99}");

            assertThat(reply.status()).isEqualTo(409);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.message()).isEqualTo("A different batch with ref b1 already exists");
            assertThat(product("CHAIR").batch("b1").orElseThrow().purchasedQuantity()).isEqualTo(20);
            assertThat(product("CHAIR").versionNumber()).isEqualTo(version);
        }

        @Test
        void acceptsIdentifiersOf255CharactersCountingUtf16Units() {
            String sku = "\uD83D\uDCE6".repeat(127) + "x"; // 255 UTF-16 units, 128 code points
            String ref = "r".repeat(255);

            ApiFixture.Reply reply = api.post("/add_batch",
                    "{\"ref\":\"" + ref + "\",\"sku\":\"" + sku + "\",\"qty\":1}");

            assertThat(reply.status()).isEqualTo(201);
            assertThat(product(sku).batch(ref)).isPresent();
        }

        @Test
        void refusesIdentifiersOver255Utf16Units() {
            String sku = "\uD83D\uDCE6".repeat(128); // 128 code points, 256 UTF-16 units

            ApiFixture.Reply reply = api.post("/add_batch", "{\"ref\":\"b1\",\"sku\":\"" + sku + "\",\"qty\":1}");

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.message()).isEqualTo("sku must be at most 255 characters");
        }

        @Test
        void acceptsTheLargestQuantity() {
            ApiFixture.Reply reply = api.post("/add_batch", "{\"ref\":\"b1\",\"sku\":\"CHAIR\",\"qty\":2147483647}");

            assertThat(reply.status()).isEqualTo(201);
            assertThat(product("CHAIR").batch("b1").orElseThrow().purchasedQuantity()).isEqualTo(Integer.MAX_VALUE);
        }
    }

    @Nested
    class Allocate {

        @Test
        void answers201WithTheBatchAndAllocatesTheLine() {
            api.addBatch("b1", "CHAIR", 10, null);

            ApiFixture.Reply reply = api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":3}");

            assertThat(reply.status()).isEqualTo(201);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.body()).isEqualTo("{\"batchref\":\"b1\"}");
            assertThat(product("CHAIR").batch("b1").orElseThrow().allocations())
                    .containsExactly(new OrderLine("o1", "CHAIR", 3));
        }

        @Test
        void resendingTheSameLineReturnsTheSameBatchAndAllocatesNothingMore() {
            api.addBatch("b1", "CHAIR", 10, null);
            String body = "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":3}";
            api.post("/allocate", body);

            ApiFixture.Reply again = api.post("/allocate", body);

            assertThat(again.status()).isEqualTo(201);
            assertThat(again.json().get("batchref").asText()).isEqualTo("b1");
            assertThat(product("CHAIR").batch("b1").orElseThrow().availableQuantity()).isEqualTo(7);
        }

        @Test
        void anUnknownSkuIs400AndCommitsNothing() {
            ApiFixture.Reply reply = api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"NOPE\",\"qty\":3}");

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.message()).isEqualTo("Invalid sku NOPE");
            assertThat(api.unitsOfWork.started()).allSatisfy(uow -> assertThat(uow.committed()).isFalse());
        }

        @Test
        void outOfStockIs409AndStillNotifies() {
            api.addBatch("b1", "CHAIR", 2, null);

            ApiFixture.Reply reply = api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":3}");

            assertThat(reply.status()).isEqualTo(409);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.message()).isEqualTo("Out of stock for sku CHAIR");
            assertThat(api.notifications.sent()).hasSize(1);
            assertThat(product("CHAIR").batch("b1").orElseThrow().allocatedQuantity()).isZero();
        }

        @Test
        void theSameOrderAndSkuWithAnotherQuantityIs409() {
            api.addBatch("b1", "CHAIR", 10, null);
            api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":3}");

            ApiFixture.Reply reply = api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":4}");

            assertThat(reply.status()).isEqualTo(409);
            assertThat(reply.message()).isEqualTo("Order o1 already has 3 of sku CHAIR allocated");
            assertThat(product("CHAIR").batch("b1").orElseThrow().allocations())
                    .containsExactly(new OrderLine("o1", "CHAIR", 3));
        }
    }

    @Nested
    class ChangeBatchQuantity {

        @Test
        void answers200WithTheNewQuantity() {
            api.addBatch("b1", "CHAIR", 100, null);

            ApiFixture.Reply reply = api.post("/change_batch_quantity", "{\"ref\":\"b1\",\"qty\":50}");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.body()).isEqualTo("{\"ref\":\"b1\",\"qty\":50}");
            assertThat(product("CHAIR").batch("b1").orElseThrow().purchasedQuantity()).isEqualTo(50);
        }

        @Test
        void zeroIsAllowed() {
            api.addBatch("b1", "CHAIR", 100, null);

            ApiFixture.Reply reply = api.post("/change_batch_quantity", "{\"ref\":\"b1\",\"qty\":0}");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(product("CHAIR").batch("b1").orElseThrow().purchasedQuantity()).isZero();
        }

        @Test
        void reallocatesLinesThatNoLongerFit() {
            api.addBatch("batch1", "INDIFFERENT-TABLE", 50, null);
            api.addBatch("batch2", "INDIFFERENT-TABLE", 50, LocalDate.now().toString());
            api.post("/allocate", "{\"orderid\":\"order1\",\"sku\":\"INDIFFERENT-TABLE\",\"qty\":20}");
            api.post("/allocate", "{\"orderid\":\"order2\",\"sku\":\"INDIFFERENT-TABLE\",\"qty\":20}");

            api.post("/change_batch_quantity", "{\"ref\":\"batch1\",\"qty\":25}");

            Product product = product("INDIFFERENT-TABLE");
            assertThat(product.batch("batch1").orElseThrow().availableQuantity()).isEqualTo(5);
            assertThat(product.batch("batch2").orElseThrow().availableQuantity()).isEqualTo(30);
        }

        @Test
        void anUnknownBatchIs404() {
            ApiFixture.Reply reply = api.post("/change_batch_quantity", "{\"ref\":\"nope\",\"qty\":5}");

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.message()).isEqualTo("Invalid batch ref nope");
        }
    }

    @Nested
    class Allocations {

        @Test
        void listsTheOrdersLinesBySku() {
            api.addBatch("b-table", "TABLE", 10, null);
            api.addBatch("b-chair", "CHAIR", 10, null);
            api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"TABLE\",\"qty\":1}");
            api.post("/allocate", "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":1}");
            api.post("/allocate", "{\"orderid\":\"o2\",\"sku\":\"CHAIR\",\"qty\":1}");

            ApiFixture.Reply reply = api.get("/allocations/o1");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.body()).isEqualTo(
                    "[{\"sku\":\"CHAIR\",\"batchref\":\"b-chair\"},{\"sku\":\"TABLE\",\"batchref\":\"b-table\"}]");
        }

        @Test
        void decodesThePathParameter() {
            api.addBatch("b1", "CHAIR", 10, null);
            api.post("/allocate", "{\"orderid\":\"order 1/é\",\"sku\":\"CHAIR\",\"qty\":1}");

            ApiFixture.Reply reply = api.get("/allocations/order%201%2F%C3%A9");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get(0).get("batchref").asText()).isEqualTo("b1");
        }

        @Test
        void anOrderWithoutAllocationsIs404() {
            ApiFixture.Reply reply = api.get("/allocations/nobody");

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.message()).isEqualTo("not found");
        }

        @Test
        void anOrderidWithALineBreakIs400() {
            ApiFixture.Reply reply = api.get("/allocations/o1%0D%0AX-Injected:%201");

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.message()).isEqualTo("orderid must not contain control characters");
        }

        @Test
        void anOrderidOver255CharactersIs400() {
            ApiFixture.Reply reply = api.get("/allocations/" + "o".repeat(256));

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.message()).isEqualTo("orderid must be at most 255 characters");
        }
    }

    @Nested
    class Health {

        @Test
        void isOkWhenTheStorageAnswers() {
            ApiFixture.Reply reply = api.get("/health");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.body()).isEqualTo("{\"status\":\"ok\"}");
        }

        @Test
        void isUnavailableWhenTheStorageIsDown() {
            api.health.set(() -> false);

            ApiFixture.Reply reply = api.get("/health");

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.body()).isEqualTo("{\"status\":\"unavailable\"}");
        }

        @Test
        void isUnavailableWhenTheCheckThrows() {
            api.health.set(() -> {
                throw new IllegalStateException("Connection refused: SELECT 1");
            });

            ApiFixture.Reply reply = api.get("/health");

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.body()).isEqualTo("{\"status\":\"unavailable\"}");
        }

        @Test
        void isStoppingOnceDrainingWhileOtherRequestsAreStillServedOnConnectionsThatClose() {
            api.draining.start();

            ApiFixture.Reply health = api.get("/health");
            ApiFixture.Reply added = api.post("/add_batch", "{\"ref\":\"b1\",\"sku\":\"LAMP\",\"qty\":10}");

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body()).isEqualTo("{\"status\":\"stopping\"}");
            assertThat(added.status()).isEqualTo(201);
            assertThat(added.headers().firstValue("Connection")).hasValue("close");
        }

        @Test
        void keepsConnectionsOpenWhileNotDraining() {
            assertThat(api.get("/health").headers().firstValue("Connection")).isEmpty();
        }
    }
}
