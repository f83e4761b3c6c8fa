package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.made.allocation.entrypoints.AllocationApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Holds every request the end-to-end tests send, and every answer they get, to the service's OpenAPI
 * document: an answer must match it whatever the request; a request the service accepted (2xx) must
 * match it too, and one to a route or method the document does not have must have been refused (404, 405).
 */
final class Contract {

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(document())
            // The API ignores unknown keys in a request body; its answers have no keys the document lacks.
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
                    .build())
            .build();
    private static final Set<String> NOT_IN_DOCUMENT =
            Set.of("validation.request.path.missing", "validation.request.operation.notAllowed");

    private Contract() {
    }

    /** Fails the test when the exchange breaks the contract. */
    static void check(HttpRequest sent, String body, HttpResponse<String> answer) {
        URI uri = sent.uri();
        SimpleRequest.Builder request = new SimpleRequest.Builder(sent.method(), uri.getRawPath());
        sent.headers().map().forEach(request::withHeader);
        if (body != null) {
            request.withBody(body);
        }
        Request built = request.build();
        ValidationReport requestReport = VALIDATOR.validateRequest(built);
        String exchange = sent.method() + " " + uri.getRawPath() + " -> " + answer.statusCode() + " " + answer.body();
        if (requestReport.getMessages().stream().anyMatch(message -> NOT_IN_DOCUMENT.contains(message.getKey()))) {
            assertThat(answer.statusCode()).as("not in the document, so refused: " + exchange).isIn(404, 405);
            return;
        }
        if (answer.statusCode() / 100 == 2) {
            assertThat(requestReport.getMessages()).as("an accepted request matches the document: " + exchange)
                    .filteredOn(message -> message.getLevel() == ValidationReport.Level.ERROR).isEmpty();
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.statusCode()).withBody(answer.body());
        answer.headers().map().forEach(response::withHeader);
        ValidationReport responseReport = VALIDATOR.validateResponse(uri.getRawPath(), Request.Method.valueOf(sent.method()),
                response.build());
        assertThat(responseReport.getMessages()).as("the answer matches the document: " + exchange)
                .filteredOn(message -> message.getLevel() == ValidationReport.Level.ERROR).isEmpty();
    }

    private static String document() {
        try (InputStream in = AllocationApi.class.getResourceAsStream("/openapi.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
