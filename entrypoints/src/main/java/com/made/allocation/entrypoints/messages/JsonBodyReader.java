package com.made.allocation.entrypoints.messages;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * Reads a request body into a JSON object, refusing what is not one: a body over the size limit, malformed
 * JSON, a value that is not an object, a key given twice, anything after the object.
 *
 * <p>The body's values are kept as a tree so that {@link Messages} can check their JSON types exactly
 * (a quantity of {@code "3"} or {@code 3.5} is refused, not coerced).
 */
public final class JsonBodyReader {

    // A key named in an error message must look like one of ours; anything else is not echoed.
    private static final Pattern PRINTABLE_KEY = Pattern.compile("[A-Za-z0-9_]{1,32}");

    // Beyond this, the rest of a refused body is not worth reading: the connection is closed instead.
    private static final long DRAIN_LIMIT_BYTES = 1024 * 1024;

    private final ObjectMapper mapper;
    private final int maxBytes;

    public JsonBodyReader(ObjectMapper mapper, int maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    /**
     * The request's body as a JSON object.
     *
     * @throws BodyTooLarge   when the body is over the limit, whether declared by Content-Length or chunked
     * @throws InvalidRequest when it is not one well-formed JSON object with distinct keys
     */
    public ObjectNode read(Context ctx) {
        return parseObject(readLimited(ctx));
    }

    /**
     * A message's body as a JSON object, with the same rules as a request's.
     *
     * @throws BodyTooLarge   when the body is over the limit
     * @throws InvalidRequest when it is not one well-formed JSON object with distinct keys
     */
    public ObjectNode read(byte[] body) {
        if (body.length > maxBytes) {
            throw new BodyTooLarge(maxBytes);
        }
        return parseObject(body);
    }

    private byte[] readLimited(Context ctx) {
        try {
            InputStream in = ctx.bodyInputStream();
            // A declared length over the limit is refused without parsing a byte of the body, and a huge
            // one without reading it at all.
            long declared = ctx.req().getContentLengthLong();
            if (declared > maxBytes) {
                throw declared <= DRAIN_LIMIT_BYTES ? tooLarge(in) : new BodyTooLarge(maxBytes);
            }
            if (declared >= 0) {
                // Exactly what was declared: a buffer of the body's size, where asking for up to the limit
                // takes one of 8 KB for a body of a hundred bytes, on every request.
                return in.readNBytes((int) declared);
            }
            // Javalin's ctx.body() also has a limit, but logs a warning per refusal; a client's mistake is
            // not worth one. Reading one byte past the limit tells a chunked body that is too large.
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(in);
            }
            return bytes;
        } catch (IOException unreadable) {
            throw new InvalidRequest("body could not be read");
        }
    }

    /**
     * The refusal of a body over the limit, after reading and dropping what is left of it up to a bound:
     * a client still sending its body when the connection closes may see a reset instead of the 413.
     */
    private BodyTooLarge tooLarge(InputStream in) throws IOException {
        long dropped = 0;
        byte[] sink = new byte[8192];
        for (int read; dropped < DRAIN_LIMIT_BYTES && (read = in.read(sink)) != -1; ) {
            dropped += read;
        }
        return new BodyTooLarge(maxBytes);
    }

    private ObjectNode parseObject(byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidRequest("body must be a JSON object");
            }
            ObjectNode object = mapper.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                JsonNode value = mapper.readTree(parser);
                // Jackson would let the last value win; which one the client meant is anybody's guess.
                if (object.has(key)) {
                    throw new InvalidRequest(PRINTABLE_KEY.matcher(key).matches()
                            ? "duplicate key " + key : "duplicate key in body");
                }
                object.set(key, value);
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new InvalidRequest("malformed JSON");
            }
            return object;
        } catch (JacksonException malformed) {
            // Jackson's own message quotes the input; it is not for the client, nor worth a log line.
            throw new InvalidRequest("malformed JSON");
        } catch (IOException unreadable) {
            throw new InvalidRequest("malformed JSON");
        }
    }
}
