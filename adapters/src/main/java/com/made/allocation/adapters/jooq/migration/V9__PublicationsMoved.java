package com.made.allocation.adapters.jooq.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves the events to publish that an earlier release left pending in the outbox (handler {@code publish})
 * to the publications table, in their published form, under the ids they had: their message ids on the
 * wire stay the same. New publications are numbered after every outbox id, so that no later message
 * reuses the id of one published before. The published form is the one of that release: a JSON object
 * with the event's type in snake case, then the stored fields; routed by {@code <type>.<SKU>}.
 */
public final class V9__PublicationsMoved extends BaseJavaMigration {

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        long next;
        try (Statement statement = connection.createStatement();
             ResultSet max = statement.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM outbox")) {
            max.next();
            next = max.getLong(1);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE publications ALTER COLUMN id RESTART WITH " + next);
        }
        try (PreparedStatement pending = connection.prepareStatement("SELECT id, message_type, payload, "
                + "ordering_key, status, attempts, next_attempt_at, last_error, created_at, updated_at FROM outbox "
                + "WHERE handler = 'publish' AND status <> 'DONE' ORDER BY id");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO publications (id, message_type, "
                     + "routing_key, ordering_key, body, status, attempts, next_attempt_at, last_error, created_at, "
                     + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             ResultSet rows = pending.executeQuery()) {
            while (rows.next()) {
                String type = snakeCase(rows.getString("message_type"));
                String orderingKey = rows.getString("ordering_key") == null ? "" : rows.getString("ordering_key");
                insert.setLong(1, rows.getLong("id"));
                insert.setString(2, type);
                insert.setString(3, type + "." + orderingKey);
                insert.setString(4, orderingKey);
                insert.setBytes(5, published(type, rows.getString("payload")));
                insert.setString(6, rows.getString("status"));
                insert.setInt(7, rows.getInt("attempts"));
                insert.setObject(8, rows.getObject("next_attempt_at"));
                insert.setString(9, rows.getString("last_error"));
                insert.setObject(10, rows.getObject("created_at"));
                insert.setObject(11, rows.getObject("updated_at"));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM outbox WHERE handler = 'publish'");
        }
    }

    private byte[] published(String type, String payload) throws SQLException {
        try {
            ObjectNode message = json.createObjectNode().put("type", type);
            message.setAll((ObjectNode) json.readTree(payload));
            return json.writeValueAsBytes(message);
        } catch (IOException | ClassCastException unreadable) {
            throw new SQLException("a pending event to publish cannot be read: " + payload, unreadable);
        }
    }

    private static String snakeCase(String simpleName) {
        return simpleName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
