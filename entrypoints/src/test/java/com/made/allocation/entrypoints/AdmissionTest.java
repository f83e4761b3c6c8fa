package com.made.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.entrypoints.admission.AdaptiveAdmission;
import com.made.allocation.entrypoints.admission.AdaptiveLimits;
import com.made.allocation.entrypoints.admission.Admission;
import com.made.allocation.entrypoints.admission.FixedAdmission;
import com.made.allocation.service.commands.Command;
import com.made.allocation.service.commands.Commands;
import com.made.allocation.service.fakes.FakeNotifications;
import com.made.allocation.service.fakes.FakeUnitOfWorkFactory;
import com.made.allocation.service.handlers.Handlers;
import com.made.allocation.service.messagebus.MessageBus;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With two requests in flight and a limit of two, the next request to an API route is answered 503 at once,
 * with the JSON error body and a Retry-After, and never reaches the bus; health and the documents still
 * answer; once the two are answered, requests are admitted again. For the adaptive admission (its limit held
 * at two) and for the fixed peer.
 */
class AdmissionTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final FakeUnitOfWorkFactory unitsOfWork = new FakeUnitOfWorkFactory();
    private final MessageBus realBus = unitsOfWork.bus(Handlers.registry(new FakeNotifications()));
    private final CountDownLatch bothHeld = new CountDownLatch(2);
    private final CountDownLatch letGo = new CountDownLatch(1);
    private final List<String> reachedTheBus = new CopyOnWriteArrayList<>();

    /** The real bus; an allocation whose order id starts with "held" waits there until the test lets it go. */
    private final MessageBus holdingBus = new MessageBus() {
        @Override
        public <R> R handle(Command<R> command) {
            if (command instanceof Commands.Allocate allocate) {
                reachedTheBus.add(allocate.orderid());
                if (allocate.orderid().startsWith("held")) {
                    bothHeld.countDown();
                    await(letGo);
                }
            }
            return realBus.handle(command);
        }

        @Override
        public boolean handleOnce(String messageId, Command<?> command) {
            throw new UnsupportedOperationException("not over HTTP");
        }
    };

    static Stream<Arguments> admissions() {
        return Stream.of(
                Arguments.of("adaptive", new AdaptiveAdmission(new AdaptiveLimits(2, 2, 2))),
                Arguments.of("fixed", new FixedAdmission(2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("admissions")
    void overTheLimitARequestIsRefusedAtOnceAndTheRestStillAnswers(String kind, Admission admission)
            throws Exception {
        AllocationApi api = new AllocationApi(holdingBus, new FakeAllocationsView(unitsOfWork), () -> true,
                unitsOfWork.report(), Optional.empty(), Optional.empty(), admission);
        Javalin app = api.createApp(Duration.ZERO, new Draining()).start("127.0.0.1", 0);
        try {
            String base = "http://127.0.0.1:" + app.port();
            // The two held requests allocate from products of their own: the fakes' unit of work is not made for
            // two writers of one product at once.
            for (String sku : List.of("LAMP", "CHAIR")) {
                assertThat(post(base, "/add_batch", "{\"ref\":\"b-" + sku + "\",\"sku\":\"" + sku
                        + "\",\"qty\":100,\"eta\":null}").statusCode()).isEqualTo(201);
            }
            CompletableFuture<HttpResponse<String>> first = postAsync(base, "/allocate", allocation("held-1", "LAMP"));
            CompletableFuture<HttpResponse<String>> second = postAsync(base, "/allocate", allocation("held-2", "CHAIR"));
            assertThat(bothHeld.await(10, TimeUnit.SECONDS)).as("two requests in flight").isTrue();

            HttpResponse<String> refused = post(base, "/allocate", allocation("over"));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(seconds).isIn("1", "2"));
            assertThat(refused.body()).matches("\\{\"message\":\"[^\"]+\"}");
            assertThat(get(base, "/allocations/held-1").statusCode()).as("a read is limited too").isEqualTo(503);

            assertThat(get(base, "/health").statusCode()).isEqualTo(200);
            assertThat(get(base, "/openapi.yaml").statusCode()).isEqualTo(200);
            assertThat(admission.refused()).isEqualTo(2);

            letGo.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            // The two permits go back as the answers complete, just after the client has them: each of these
            // is admitted once a permit is free (a refused one is simply sent again).
            assertThat(allocateUntilAdmitted(base, "after-1")).isEqualTo(201);
            assertThat(allocateUntilAdmitted(base, "after-2")).isEqualTo(201);
            assertThat(reachedTheBus).doesNotContain("over").contains("held-1", "held-2", "after-1", "after-2");
        } finally {
            letGo.countDown();
            app.stop();
        }
    }

    private static int allocateUntilAdmitted(String base, String orderid) throws Exception {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int status = post(base, "/allocate", allocation(orderid)).statusCode();
            if (status != 503) {
                return status;
            }
            Thread.onSpinWait();
        }
        return 503;
    }

    private static String allocation(String orderid) {
        return allocation(orderid, "LAMP");
    }

    private static String allocation(String orderid, String sku) {
        return "{\"orderid\":\"" + orderid + "\",\"sku\":\"" + sku + "\",\"qty\":1}";
    }

    private static HttpRequest.Builder request(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> post(String base, String path, String json) throws Exception {
        return CLIENT.send(request(base, path).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)).build(), BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(String base, String path, String json) {
        return CLIENT.sendAsync(request(base, path).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)).build(), BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String base, String path) throws Exception {
        return CLIENT.send(request(base, path).GET().build(), BodyHandlers.ofString());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never let go");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", interrupted));
        }
    }
}
