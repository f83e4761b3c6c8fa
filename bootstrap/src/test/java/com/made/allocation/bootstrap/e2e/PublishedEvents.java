package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.made.allocation.bootstrap.e2e.TestBroker.Published;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * What a consumer of the service's events can rely on, checked on every event a test queue received: a
 * duplicate has the message id of its original; each SKU's events arrive in the order of its versions; no
 * event is left to publish; and the events tell where each line is allocated now (so none is missing).
 */
final class PublishedEvents {

    private PublishedEvents() {
    }

    static void assertConsistent(List<Published> received, DSLContext sql) {
        // Duplicates only with the same message id: same id, same message; different ids, different events.
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (Published event : received) {
            JsonNode first = byId.putIfAbsent(event.messageId(), event.body());
            if (first != null) {
                assertThat(event.body()).as("a duplicate of message " + event.messageId()).isEqualTo(first);
            }
        }
        assertThat(byId.values()).as("one message id per event").doesNotHaveDuplicates();

        // In the order of their versions, per SKU, duplicates left out.
        Map<String, Integer> lastVersion = new HashMap<>();
        for (JsonNode event : byId.values()) {
            String sku = event.get("sku").asText();
            int version = event.get("version").asInt();
            assertThat(version).as("version of an event of " + sku + " after version " + lastVersion.get(sku))
                    .isGreaterThanOrEqualTo(lastVersion.getOrDefault(sku, 0));
            lastVersion.put(sku, version);
        }

        // Every event stored to publish was published, and deleted once the broker confirmed it.
        assertThat(sql.fetchValue("SELECT COUNT(*) FROM publications")).as("events left to publish")
                .hasToString("0");

        // The latest event of each line says where it is: allocated to its batch, or not allocated at all.
        Map<String, JsonNode> latest = new HashMap<>();
        for (JsonNode event : byId.values()) {
            latest.put(event.get("orderid").asText() + "/" + event.get("sku").asText(), event);
        }
        Map<String, String> allocated = new HashMap<>();
        sql.fetch("SELECT orderid, sku, batch_ref FROM allocations")
                .forEach(row -> allocated.put(row.get(0, String.class) + "/" + row.get(1, String.class),
                        row.get(2, String.class)));
        latest.forEach((line, event) -> {
            if (event.get("type").asText().equals("allocated")) {
                assertThat(allocated.get(line)).as("batch of " + line).isEqualTo(event.get("batchref").asText());
            } else {
                assertThat(allocated).as("deallocated last: " + line).doesNotContainKey(line);
            }
        });
        assertThat(latest.keySet()).as("every allocated line was published").containsAll(allocated.keySet());
    }
}
