package com.made.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of every route against every kind of bad value: each is a 400 whose message names the
 * field, and the bus is never called, so nothing is written.
 *
 * <p>One app serves the whole class (starting one per case would be most of the run time); each case
 * checks that its own request reached neither the bus nor a unit of work.
 */
@TestInstance(Lifecycle.PER_CLASS)
class RequestValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ApiFixture api = new ApiFixture();

    @AfterAll
    void stop() {
        api.close();
    }

    /** A valid body for each route, which the cases below spoil one field at a time. */
    private static final Map<String, Map<String, Object>> VALID = Map.of(
            "/add_batch", ordered("ref", "b1", "sku", "CHAIR", "qty", 10, "eta", "2011-01-01"),
            "/allocate", ordered("orderid", "o1", "sku", "CHAIR", "qty", 10),
            "/change_batch_quantity", ordered("ref", "b1", "qty", 10));

    private static final Map<String, List<String>> IDENTIFIERS = Map.of(
            "/add_batch", List.of("ref", "sku"),
            "/allocate", List.of("orderid", "sku"),
            "/change_batch_quantity", List.of("ref"));

    private static final Map<String, Integer> MIN_QTY = Map.of(
            "/add_batch", 1, "/allocate", 1, "/change_batch_quantity", 0);

    private static final Object ABSENT = new Object();

    static Stream<Arguments> badIdentifiers() {
        List<Arguments> cases = new ArrayList<>();
        IDENTIFIERS.forEach((route, fields) -> fields.forEach(field -> {
            cases.add(Arguments.of(route, field, ABSENT, field + " is required"));
            cases.add(Arguments.of(route, field, NODES.nullNode(), field + " must not be null"));
            cases.add(Arguments.of(route, field, 42, field + " must be a string"));
            cases.add(Arguments.of(route, field, true, field + " must be a string"));
            cases.add(Arguments.of(route, field, NODES.arrayNode().add("x"), field + " must be a string"));
            cases.add(Arguments.of(route, field, NODES.objectNode().put("x", "y"), field + " must be a string"));
            cases.add(Arguments.of(route, field, "", field + " must not be empty"));
            cases.add(Arguments.of(route, field, "   ", field + " must not be blank"));
            cases.add(Arguments.of(route, field, "x".repeat(256), field + " must be at most 255 characters"));
            cases.add(Arguments.of(route, field, "x".repeat(100_000).substring(0, 60_000),
                    field + " must be at most 255 characters"));
            for (String control : List.of("\r\n", "\n", "\r", "\u0000", "\t", "\u001b", "\u007f", "\u0085",
                    "\u2028", "\u2029")) {
                cases.add(Arguments.of(route, field, "a" + control + "Bcc: victim@example.com",
                        field + " must not contain control characters"));
            }
            cases.add(Arguments.of(route, field, "a\uD800b", field + " must be valid Unicode text"));
            cases.add(Arguments.of(route, field, "a\uDC00", field + " must be valid Unicode text"));
        }));
        return cases.stream();
    }

    static Stream<Arguments> badQuantities() {
        List<Arguments> cases = new ArrayList<>();
        MIN_QTY.forEach((route, min) -> {
            cases.add(Arguments.of(route, ABSENT, "qty is required"));
            cases.add(Arguments.of(route, NODES.nullNode(), "qty must not be null"));
            cases.add(Arguments.of(route, "3", "qty must be an integer"));
            cases.add(Arguments.of(route, 3.5, "qty must be an integer"));
            cases.add(Arguments.of(route, NODES.numberNode(new BigDecimal("1e3")), "qty must be an integer"));
            cases.add(Arguments.of(route, 3.0, "qty must be an integer"));
            cases.add(Arguments.of(route, true, "qty must be an integer"));
            cases.add(Arguments.of(route, NODES.arrayNode().add(3), "qty must be an integer"));
            cases.add(Arguments.of(route, min - 1, "qty must be at least " + min));
            cases.add(Arguments.of(route, -1, "qty must be at least " + min));
            cases.add(Arguments.of(route, 2147483648L, "qty must be at most 2147483647"));
            cases.add(Arguments.of(route, new BigInteger("1" + "0".repeat(40)),
                    "qty must be at most 2147483647"));
            cases.add(Arguments.of(route, -2147483649L, "qty must be at least " + min));
        });
        return cases.stream();
    }

    static Stream<Arguments> badEtas() {
        return Stream.of(
                Arguments.of("2011-13-01", "eta must be a real date YYYY-MM-DD"),
                Arguments.of("2011-02-30", "eta must be a real date YYYY-MM-DD"),
                Arguments.of("2011-00-10", "eta must be a real date YYYY-MM-DD"),
                Arguments.of("yesterday", "eta must be a date YYYY-MM-DD"),
                Arguments.of("", "eta must be a date YYYY-MM-DD"),
                Arguments.of("2011-1-1", "eta must be a date YYYY-MM-DD"),
                Arguments.of("2011-01-01T00:00:00", "eta must be a date YYYY-MM-DD"),
                Arguments.of(" 2011-01-01", "eta must be a date YYYY-MM-DD"),
                Arguments.of("\u0662\u0660\u0661\u0661-01-01", "eta must be a date YYYY-MM-DD"), // Arabic digits
                Arguments.of(20110101, "eta must be a date string YYYY-MM-DD or null"),
                Arguments.of(false, "eta must be a date string YYYY-MM-DD or null"),
                Arguments.of(NODES.arrayNode().add(2011).add(1).add(1), "eta must be a date string YYYY-MM-DD or null"));
    }

    @ParameterizedTest(name = "{0} {1} = {2}")
    @MethodSource("badIdentifiers")
    void refusesABadIdentifier(String route, String field, Object value, String message) throws Exception {
        assertRefused(route, with(route, field, value), message);
    }

    @ParameterizedTest(name = "{0} qty = {1}")
    @MethodSource("badQuantities")
    void refusesABadQuantity(String route, Object value, String message) throws Exception {
        assertRefused(route, with(route, "qty", value), message);
    }

    @ParameterizedTest(name = "eta = {0}")
    @MethodSource("badEtas")
    void refusesABadEta(Object value, String message) throws Exception {
        assertRefused("/add_batch", with("/add_batch", "eta", value), message);
    }

    @Test
    void aQuantityWithAnExponentIsNotAnInteger() {
        assertRefused("/allocate", "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":1e3}", "qty must be an integer");
        assertRefused("/allocate", "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":1E0}", "qty must be an integer");
    }

    @Test
    void reportsTheFirstBadFieldInOrder() {
        assertRefused("/add_batch", "{\"qty\":\"x\",\"sku\":\"\"}", "ref is required");
        assertRefused("/add_batch", "{\"ref\":\"b1\",\"qty\":\"x\",\"sku\":\"\"}", "sku must not be empty");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertRefused("/allocate", "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":1,\"qty\":1000}",
                "duplicate key qty");
        assertRefused("/allocate", "{\"orderid\":\"o1\",\"sku\":\"CHAIR\",\"qty\":1,\"\\r\\n\":1,\"\\r\\n\":1}",
                "duplicate key in body");
    }

    @Test
    void aRefusalDoesNotEchoAHugeValue() {
        String huge = "A".repeat(60_000);

        ApiFixture.Reply reply = api.post("/add_batch", "{\"ref\":\"" + huge + "\",\"sku\":\"CHAIR\",\"qty\":1}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).doesNotContain("AAAA").hasSizeLessThan(200);
    }

    private static String with(String route, String field, Object value) throws Exception {
        ObjectNode body = JSON.valueToTree(VALID.get(route));
        if (value == ABSENT) {
            body.remove(field);
        } else {
            body.set(field, JSON.valueToTree(value));
        }
        // Escaped, so a lone surrogate travels as the JSON escape a client would send, not as a '?'.
        return JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(body);
    }

    private void assertRefused(String route, String body, String message) {
        int messagesBefore = api.bus.handled().size();
        int unitsOfWorkBefore = api.unitsOfWork.started().size();

        ApiFixture.Reply reply = api.post(route, body);

        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.message()).isEqualTo(message);
        assertThat(api.bus.handled()).as("messages sent to the bus").hasSize(messagesBefore);
        assertThat(api.unitsOfWork.started()).as("units of work started").hasSize(unitsOfWorkBefore);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
