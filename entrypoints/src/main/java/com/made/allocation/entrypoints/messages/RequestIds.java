package com.made.allocation.entrypoints.messages;

import com.made.allocation.service.unitofwork.RequestContext;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is safe to repeat (at most 128
 * letters, digits, {@code -}, {@code _} and {@code .}), otherwise a new one, never an echo of what was
 * refused. It is sent back in the same header and is in the logging context of everything the request
 * does, the follow-on messages it causes included.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private RequestIds() {
    }

    public static void register(JavalinConfig config) {
        config.routes.before(RequestIds::begin);
        config.routes.after(ctx -> RequestContext.clear());
    }

    // A random (version 4) UUID. An id names a request and guards nothing, so it needs no SecureRandom,
    // whose lock every request thread would queue for.
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L,
                random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L).toString();
    }

    /** The id of a request that sent {@code asked} in the header (null when it sent none). */
    public static String idFor(String asked) {
        return asked != null && SAFE.matcher(asked).matches() ? asked : newId();
    }

    private static void begin(Context ctx) {
        String id = idFor(ctx.header(HEADER));
        RequestContext.begin(id);
        ctx.header(HEADER, id);
    }
}
