package com.made.allocation.entrypoints.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.made.allocation.entrypoints.errors.ErrorResponses;
import com.made.allocation.entrypoints.messages.RequestIds;
import com.made.allocation.entrypoints.messages.ResponseBodies.ErrorBody;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to a request refused at the edge: 503 with the API's JSON error body and a {@code Retry-After}
 * of 1 or 2 seconds, drawn at random so that the clients refused together do not all come back together, and
 * its {@code X-Request-Id} as every answer has.
 */
final class BusyAnswer {

    // A refusal waits for a body this large at the most: the largest the API takes (AllocationApi.MAX_BODY_BYTES).
    private static final long MOST_DRAINED = 64 * 1024;

    private final byte[] body;

    BusyAnswer() {
        try {
            this.body = new ObjectMapper().writeValueAsBytes(new ErrorBody(ErrorResponses.BUSY));
        } catch (JsonProcessingException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /**
     * Answers once the request's body is in. Jetty closes a connection whose request body was not read to
     * its end when the answer completes (it cannot tell where the next request starts), without a
     * {@code Connection: close} once the answer was committed; a client that kept the connection then meets
     * a closed socket with its next request (OverloadIT saw one in eleven runs). The body is small and usually
     * here already, and reading it needs no thread; one larger than the API takes is not waited for.
     */
    void send(Request request, Response response, Callback callback) {
        long length = request.getLength();
        if (length < 0 || length > MOST_DRAINED) {
            write(request, response, callback);
            return;
        }
        Content.Source.consumeAll(request, Callback.from(() -> write(request, response, callback), callback::failed));
    }

    private void write(Request request, Response response, Callback callback) {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(RequestIds.HEADER, RequestIds.idFor(request.getHeaders().get(RequestIds.HEADER)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(1 + ThreadLocalRandom.current().nextInt(2)));
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
