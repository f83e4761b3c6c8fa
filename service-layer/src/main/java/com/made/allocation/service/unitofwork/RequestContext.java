package com.made.allocation.service.unitofwork;

import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * What the current thread is working on, for the log and for the outbox: the id of the request that caused
 * it and the type of the message being handled. Kept in the logging context (SLF4J's MDC), so every log
 * line written meanwhile carries them; the outbox stores the request id with the follow-on messages it
 * caused, and the bus restores it when it handles them, on whatever thread, however much later.
 */
public final class RequestContext {

    /** The logging-context key of the request id. */
    public static final String REQUEST_ID = "requestId";
    /** The logging-context key of the type of the message being handled. */
    public static final String MESSAGE_TYPE = "messageType";

    private RequestContext() {
    }

    /** The id of the request the current thread works for, if any. */
    public static Optional<String> requestId() {
        return Optional.ofNullable(MDC.get(REQUEST_ID));
    }

    /** From now on the current thread works for {@code requestId}; {@link #clear} ends it. */
    public static void begin(String requestId) {
        MDC.put(REQUEST_ID, requestId);
    }

    /** The current thread works for no request any more. */
    public static void clear() {
        MDC.remove(REQUEST_ID);
        MDC.remove(MESSAGE_TYPE);
    }

    /** Runs {@code work} handling a message of {@code type} for {@code requestId} (when there is one). */
    public static <T> T handling(Optional<String> requestId, Class<?> type, Supplier<T> work) {
        String outerRequest = MDC.get(REQUEST_ID);
        String outerType = MDC.get(MESSAGE_TYPE);
        requestId.ifPresentOrElse(id -> MDC.put(REQUEST_ID, id), () -> MDC.remove(REQUEST_ID));
        MDC.put(MESSAGE_TYPE, type.getSimpleName());
        try {
            return work.get();
        } finally {
            restore(REQUEST_ID, outerRequest);
            restore(MESSAGE_TYPE, outerType);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
