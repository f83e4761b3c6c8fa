package com.made.allocation.entrypoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.made.allocation.entrypoints.ResponseBodies.ErrorBody;
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
 * The body is the status phrase only: Jetty's detail text and exception are not for clients.
 */
final class JsonJettyErrorHandler extends ErrorHandler {

    private final ObjectMapper mapper;

    JsonJettyErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws JsonProcessingException {
        String phrase = code == 404 ? "not found" : HttpStatus.getMessage(code).toLowerCase(Locale.ROOT);
        byte[] body = mapper.writeValueAsBytes(new ErrorBody(phrase));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
