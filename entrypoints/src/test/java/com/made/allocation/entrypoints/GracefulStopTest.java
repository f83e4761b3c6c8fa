package com.made.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.service.commands.Command;
import com.made.allocation.service.commands.Commands;
import com.made.allocation.service.fakes.FakeUnitOfWorkFactory;
import com.made.allocation.service.messagebus.MessageBus;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.Test;

/**
 * A stop lets the requests being handled finish and answers them (within the grace), and answers 503 to a
 * request that comes on an open connection after it began, without handling it, from its very start (before
 * the server refuses new connections): no request is handled and then cut off unanswered.
 */
class GracefulStopTest {

    private final CountDownLatch handling = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);

    private final List<String> handled = new CopyOnWriteArrayList<>();

    /** Answers an allocation with batch "b1": the order "slow" once the test lets it finish, others at once. */
    private final MessageBus slowBus = new MessageBus() {
        @Override
        @SuppressWarnings("unchecked") // an Allocate answers Optional<String>
        public <R> R handle(Command<R> command) {
            String orderid = ((Commands.Allocate) command).orderid();
            handled.add(orderid);
            if (orderid.equals("slow")) {
                handling.countDown();
                await(finish);
            }
            return (R) Optional.of("b1");
        }

        @Override
        public boolean handleOnce(String messageId, Command<?> command) {
            throw new UnsupportedOperationException("not over HTTP");
        }
    };

    @Test
    void aRequestBeingHandledIsAnsweredAndOneThatComesAfterTheStopBeganIsRefusedUnhandled() throws Exception {
        FakeUnitOfWorkFactory unitsOfWork = new FakeUnitOfWorkFactory();
        AllocationApi api = new AllocationApi(slowBus, new FakeAllocationsView(unitsOfWork), () -> true,
                unitsOfWork.report(), Optional.empty(), Optional.empty());
        Javalin app = api.createApp(Duration.ofSeconds(10), new Draining()).start("127.0.0.1", 0);
        int port = app.port();
        try (Socket kept = new Socket("127.0.0.1", port)) {
            assertThat(allocate(kept, "early")).startsWith("HTTP/1.1 201"); // the connection stays open
            CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/allocate"))
                            .header("Content-Type", "application/json").POST(BodyPublishers.ofString(body("slow")))
                            .build(), BodyHandlers.ofString());
            assertThat(handling.await(10, TimeUnit.SECONDS)).as("the slow request is being handled").isTrue();

            // Holds the stop just after it began (listeners run in the order they were added, the service's
            // first), before the server shuts any of its parts: the moment a late request meets.
            CountDownLatch stopBegan = new CountDownLatch(1);
            CountDownLatch goOn = new CountDownLatch(1);
            app.jettyServer().server().addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStopping(LifeCycle server) {
                    stopBegan.countDown();
                    await(goOn);
                }
            });
            Thread stopping = new Thread(app::stop, "stopping");
            stopping.start();
            assertThat(stopBegan.await(10, TimeUnit.SECONDS)).as("the stop began").isTrue();

            assertThat(allocate(kept, "late")).as("a request on an open connection after the stop began")
                    .startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 1");
            goOn.countDown();
            awaitRefused(port); // and then no new connections
            finish.countDown();
            HttpResponse<String> answer = slow.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as("the request in flight").isEqualTo(201);
            assertThat(answer.body()).contains("b1");
            stopping.join(10_000);
            assertThat(stopping.isAlive()).as("stopped").isFalse();
        }
        assertThat(handled).containsExactly("early", "slow");
    }

    private static String body(String orderid) {
        return "{\"orderid\":\"" + orderid + "\",\"sku\":\"LAMP\",\"qty\":1}";
    }

    /** Sends an allocation on a kept-alive connection; returns the answer's status line and headers. */
    private static String allocate(Socket connection, String orderid) throws IOException {
        byte[] json = body(orderid).getBytes(StandardCharsets.UTF_8);
        OutputStream out = connection.getOutputStream();
        out.write(("POST /allocate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(json);
        out.flush();
        return RawAnswers.readHead(connection);
    }

    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                Thread.sleep(10); // still accepting: poll again (a pace, not an order)
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the server kept accepting connections");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
