package com.made.allocation.entrypoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The fields of a JSON request body, each read with its JSON type checked exactly and its value checked
 * against the API's rules. Every refusal is an {@link InvalidRequest} whose message names the field.
 * Keys the API does not know are ignored.
 */
final class BodyFields {

    private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final ObjectNode body;

    BodyFields(ObjectNode body) {
        this.body = body;
    }

    /** A batch ref, SKU or order id: a JSON string that follows {@link Identifiers}' rules. */
    String identifier(String name) {
        JsonNode node = required(name);
        if (!node.isTextual()) {
            throw new InvalidRequest(name + " must be a string");
        }
        return Identifiers.require(name, node.textValue());
    }

    /**
     * A quantity: a JSON integer (not a string, not a number with a fraction or an exponent) from
     * {@code min} to {@link Integer#MAX_VALUE}.
     */
    int quantity(String name, int min) {
        JsonNode node = required(name);
        if (!node.isIntegralNumber()) {
            throw new InvalidRequest(name + " must be an integer");
        }
        if (!node.canConvertToInt()) {
            throw new InvalidRequest(node.bigIntegerValue().signum() < 0
                    ? name + " must be at least " + min
                    : name + " must be at most " + Integer.MAX_VALUE);
        }
        int value = node.intValue();
        if (value < min) {
            throw new InvalidRequest(name + " must be at least " + min);
        }
        return value;
    }

    /** A date written {@code YYYY-MM-DD} that exists in the calendar; {@code null} when absent or null. */
    LocalDate optionalDate(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidRequest(name + " must be a date string YYYY-MM-DD or null");
        }
        String text = node.textValue();
        if (!ISO_DATE.matcher(text).matches()) {
            throw new InvalidRequest(name + " must be a date YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE); // strict: no 2011-02-30
        } catch (DateTimeParseException notInCalendar) {
            throw new InvalidRequest(name + " must be a real date YYYY-MM-DD");
        }
    }

    private JsonNode required(String name) {
        JsonNode node = body.get(name);
        if (node == null) {
            throw new InvalidRequest(name + " is required");
        }
        if (node.isNull()) {
            throw new InvalidRequest(name + " must not be null");
        }
        return node;
    }
}
