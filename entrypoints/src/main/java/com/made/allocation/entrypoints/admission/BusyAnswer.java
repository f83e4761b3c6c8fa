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
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to a request refused at the edge: 503 with the API's JSON error body and a {@code Retry-After}
 * of 1 or 2 seconds, drawn at random so that the clients refused together do not all come back together, and
 * its {@code X-Request-Id} as every answer has.
 */
final class BusyAnswer {

    private final byte[] body;

    BusyAnswer() {
        try {
            this.body = new ObjectMapper().writeValueAsBytes(new ErrorBody(ErrorResponses.BUSY));
        } catch (JsonProcessingException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    void send(Request request, Response response, Callback callback) {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(RequestIds.HEADER, RequestIds.idFor(request.getHeaders().get(RequestIds.HEADER)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(1 + ThreadLocalRandom.current().nextInt(2)));
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
