package com.made.allocation.entrypoints.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.made.allocation.entrypoints.messages.ResponseBodies.ErrorBody;
import com.made.allocation.entrypoints.messages.ResponseBodies.HealthStatus;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises itself, before a request reaches Javalin (an unparsable request line, a
 * bad URI, headers too large), with the same JSON body as every other error instead of an HTML page.
 * The body is the status phrase only: Jetty's detail text and exception are not for clients. Jetty's own
 * 503 refuses a request that came after the server began to stop: it is answered as the API answers while
 * stopping, with {@code Retry-After}, and {@code /health} with its own body, {@code {"status":"stopping"}}.
 */
public final class JsonJettyErrorHandler extends ErrorHandler {

    private final ObjectMapper mapper;

    public JsonJettyErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws JsonProcessingException {
        String phrase = code == 404 ? "not found" : HttpStatus.getMessage(code).toLowerCase(Locale.ROOT);
        Object answer = new ErrorBody(phrase);
        if (code == HttpStatus.SERVICE_UNAVAILABLE_503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            if ("/health".equals(request.getHttpURI().getPath())) {
                answer = new HealthStatus("stopping");
            }
        }
        byte[] body = mapper.writeValueAsBytes(answer);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
