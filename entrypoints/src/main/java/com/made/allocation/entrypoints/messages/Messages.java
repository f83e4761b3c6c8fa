package com.made.allocation.entrypoints.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.made.allocation.service.commands.Command;
import com.made.allocation.service.commands.Commands.Allocate;
import com.made.allocation.service.commands.Commands.ChangeBatchQuantity;
import com.made.allocation.service.commands.Commands.CreateBatch;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Turns each route's JSON body into the command it asks the bus to handle. Each field is read with its JSON
 * type checked exactly and its value checked against the API's rules, in the order the fields are listed,
 * so the first bad one is the one reported: an {@link InvalidRequest} whose message names it. Keys the API
 * does not know are ignored.
 */
public final class Messages {

    private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private Messages() {
    }

    /** {@code {"ref", "sku", "qty" >= 1, "eta": "YYYY-MM-DD" | null | absent}} */
    public static CreateBatch createBatch(ObjectNode body) {
        return new CreateBatch(identifier(body, "ref"), identifier(body, "sku"), quantity(body, "qty", 1),
                optionalDate(body, "eta"));
    }

    /**
     * A command sent through the broker: a body of one of the routes, with its {@code type} added, which
     * is {@code add_batch}, {@code allocate} or {@code change_batch_quantity}.
     */
    public static Command<?> command(ObjectNode body) {
        JsonNode type = body.get("type");
        if (type == null || !type.isTextual()) {
            throw new InvalidRequest("type is required: add_batch, allocate or change_batch_quantity");
        }
        return switch (type.textValue()) {
            case "add_batch" -> createBatch(body);
            case "allocate" -> allocate(body);
            case "change_batch_quantity" -> changeBatchQuantity(body);
            default -> throw new InvalidRequest("type must be add_batch, allocate or change_batch_quantity");
        };
    }

    /** {@code {"orderid", "sku", "qty" >= 1}} */
    public static Allocate allocate(ObjectNode body) {
        return new Allocate(identifier(body, "orderid"), identifier(body, "sku"), quantity(body, "qty", 1));
    }

    /** {@code {"ref", "qty" >= 0}}: zero is allowed, a batch can be written off entirely. */
    public static ChangeBatchQuantity changeBatchQuantity(ObjectNode body) {
        return new ChangeBatchQuantity(identifier(body, "ref"), quantity(body, "qty", 0));
    }

    /** A batch ref, SKU or order id: a JSON string that follows {@link Identifiers}' rules. */
    private static String identifier(ObjectNode body, String name) {
        JsonNode node = required(body, name);
        if (!node.isTextual()) {
            throw new InvalidRequest(name + " must be a string");
        }
        return Identifiers.require(name, node.textValue());
    }

    /**
     * A quantity: a JSON integer (not a string, not a number with a fraction or an exponent) from
     * {@code min} to {@link Integer#MAX_VALUE}.
     */
    private static int quantity(ObjectNode body, String name, int min) {
        JsonNode node = required(body, name);
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
    private static LocalDate optionalDate(ObjectNode body, String name) {
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

    private static JsonNode required(ObjectNode body, String name) {
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
