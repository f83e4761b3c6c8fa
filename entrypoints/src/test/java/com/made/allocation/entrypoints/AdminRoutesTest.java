package com.made.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.domain.events.OutOfStock;
import com.made.allocation.service.outbox.Delivery.Envelope;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.EventMessage;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operators' outbox routes: bearer token, report, re-drive; not served without a token. */
class AdminRoutesTest {

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    private ApiFixture.Reply get(String path, String authorization) {
        HttpRequest.Builder request = api.request(path).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return api.send(request);
    }

    private ApiFixture.Reply retry(String id, String authorization) {
        return api.send(api.request("/admin/outbox/" + id + "/retry").header("Authorization", authorization)
                .POST(BodyPublishers.noBody()));
    }

    private long deadEntry(String error) {
        Delivery stored = api.unitsOfWork.outbox()
                .store(List.of(new Envelope(new OutOfStock("LAMP"), "send_out_of_stock_notification"))).get(0);
        api.unitsOfWork.outbox().markDead(stored.id(), error);
        return stored.id();
    }

    @Test
    void withoutATokenConfiguredTheRoutesDoNotExist() {
        try (ApiFixture closed = new ApiFixture(Optional.empty())) {
            ApiFixture.Reply reply = closed.send(closed.request("/admin/outbox")
                    .header("Authorization", "Bearer " + ApiFixture.ADMIN_TOKEN).GET());
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.message()).isEqualTo("not found");
        }
    }

    @Test
    void aMissingOrWrongTokenIs401AndRevealsNothing() {
        long id = deadEntry("mail server down");
        for (String authorization : new String[] {null, "Bearer wrong", "Bearer " + ApiFixture.ADMIN_TOKEN + "x",
                "Basic " + ApiFixture.ADMIN_TOKEN, ApiFixture.ADMIN_TOKEN, "Bearer "}) {
            ApiFixture.Reply reply = get("/admin/outbox", authorization);
            assertThat(reply.status()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(reply.body()).isEqualTo("{\"message\":\"unauthorized\"}");
            assertThat(reply.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        }
        assertThat(retry(String.valueOf(id), "Bearer wrong").status()).isEqualTo(401);
        assertThat(api.unitsOfWork.outbox().entries().get(0).status()).isEqualTo("DEAD");
    }

    @Test
    void theReportCountsByStatusAndListsTheDead() {
        long id = deadEntry("SMTP 451: try later");

        ApiFixture.Reply reply = get("/admin/outbox", "Bearer " + ApiFixture.ADMIN_TOKEN);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("counts").get("DEAD").asLong()).isEqualTo(1);
        assertThat(reply.json().get("oldestPendingAgeSeconds").isNull()).isTrue();
        var dead = reply.json().get("dead").get(0);
        assertThat(dead.get("id").asLong()).isEqualTo(id);
        assertThat(dead.get("handler").asText()).isEqualTo("send_out_of_stock_notification");
        assertThat(dead.get("messageType").asText()).isEqualTo("OutOfStock");
        assertThat(dead.get("lastError").asText()).isEqualTo("SMTP 451: try later");
    }

    @Test
    void aDeadEntryCanBeRedrivenOnce() {
        long id = deadEntry("boom");

        ApiFixture.Reply first = retry(String.valueOf(id), "Bearer " + ApiFixture.ADMIN_TOKEN);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"id\":" + id + ",\"status\":\"PENDING\"}");
        assertThat(api.unitsOfWork.outbox().entries().get(0).status()).isEqualTo("PENDING");

        ApiFixture.Reply again = retry(String.valueOf(id), "Bearer " + ApiFixture.ADMIN_TOKEN);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.message()).isEqualTo("no dead outbox entry " + id);

        assertThat(retry("abc", "Bearer " + ApiFixture.ADMIN_TOKEN).status()).isEqualTo(400);
        assertThat(retry("-1", "Bearer " + ApiFixture.ADMIN_TOKEN).status()).isEqualTo(400);
    }

    @Test
    void aDeadPublicationIsReportedApartAndRedrivenByItsOwnRoute() {
        api.unitsOfWork.publications().store(List.of(new EventMessage("allocated", "allocated.LAMP", "LAMP",
                "{\"type\":\"allocated\"}".getBytes(StandardCharsets.UTF_8))));
        long id = api.unitsOfWork.publications().entries().get(0).id();
        api.unitsOfWork.publications().markDead(id, "312 NO_ROUTE");

        ApiFixture.Reply reply = get("/admin/outbox", "Bearer " + ApiFixture.ADMIN_TOKEN);

        assertThat(reply.json().get("dead")).isEmpty();
        var publications = reply.json().get("publications");
        assertThat(publications.get("counts").get("DEAD").asLong()).isEqualTo(1);
        var dead = publications.get("dead").get(0);
        assertThat(dead.get("id").asLong()).isEqualTo(id);
        assertThat(dead.get("routingKey").asText()).isEqualTo("allocated.LAMP");
        assertThat(dead.has("handler")).isFalse();
        assertThat(dead.get("message").asText()).isEqualTo("{\"type\":\"allocated\"}");
        assertThat(dead.get("lastError").asText()).isEqualTo("312 NO_ROUTE");

        assertThat(retry(String.valueOf(id), "Bearer " + ApiFixture.ADMIN_TOKEN).status())
                .as("the outbox route re-drives deliveries only").isEqualTo(404);
        ApiFixture.Reply redriven = api.send(api.request("/admin/publications/" + id + "/retry")
                .header("Authorization", "Bearer " + ApiFixture.ADMIN_TOKEN).POST(BodyPublishers.noBody()));
        assertThat(redriven.status()).isEqualTo(200);
        assertThat(api.unitsOfWork.publications().entries().get(0).status()).isEqualTo("PENDING");
    }
}
