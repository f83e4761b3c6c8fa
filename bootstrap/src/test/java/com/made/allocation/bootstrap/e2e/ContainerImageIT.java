package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import java.time.Duration;
import java.util.UUID;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service's image, as the Dockerfile builds it, run by podman on the host's network against a database
 * of the test: a user that is not root, the heap sized from the container's memory limit, configuration
 * from the environment, and a stop that ends in exit code 0.
 */
class ContainerImageIT {

    private static final long MEMORY_LIMIT = 512L * 1024 * 1024;

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private final CloseableDSLContext sql = DSL.using(database.url(), database.user(), database.password());
    private final String container = "allocation-it-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void remove() {
        Podman.quietly("rm", "--force", "--ignore", container);
        sql.close();
    }

    @Test
    void runsAsAUserOfItsOwn() {
        String image = Podman.image();

        assertThat(Podman.run(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Config.User}}", image))
                .isEqualTo("10001:10001");
        assertThat(Podman.run(Duration.ofSeconds(30), "run", "--rm", "--entrypoint", "id", image, "-u"))
                .isEqualTo("10001");
    }

    @Test
    void servesFromTheEnvironmentsSettingsWithTheHeapSizedByItsMemoryLimitAndStopsWithExitCodeZero() {
        String image = Podman.image();
        int port = FreePort.find();
        Podman.run(Duration.ofSeconds(60), "run", "--detach", "--name", container, "--network", "host",
                "--memory", String.valueOf(MEMORY_LIMIT),
                "--env", "HTTP_PORT=" + port, "--env", "DATABASE_URL=" + database.url(),
                "--env", "DATABASE_USER=" + database.user(), "--env", "DATABASE_PASSWORD=" + database.password(),
                image);
        Http http = new Http(port);
        ServiceProcess.waitFor(Duration.ofSeconds(60), () -> answers(http), "the container to answer on port " + port);

        assertThat(http.addBatch("b1", "LAMP", 10, null).statusCode()).isEqualTo(201);
        assertThat(http.allocate("o1", "LAMP", 3).statusCode()).isEqualTo(201);
        assertThat(sql.fetchValue("SELECT batch_ref FROM allocations WHERE orderid = 'o1'")).isEqualTo("b1");
        assertThat(heapLimit(http.get("/metrics").body()))
                .as("the heap, as a share of the container's memory")
                .isBetween((long) (MEMORY_LIMIT * 0.65), (long) (MEMORY_LIMIT * 0.8));

        Podman.run(Duration.ofSeconds(60), "stop", "--time", "30", container);

        assertThat(Podman.run(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}}", container))
                .isEqualTo("0");
        assertThat(Podman.run(Duration.ofSeconds(30), "logs", container)).contains("Allocation service stopped");
    }

    private static boolean answers(Http http) {
        try {
            return http.get("/health").statusCode() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** The most the heap may grow to: the sum of its pools' limits in the scrape. */
    private static long heapLimit(String scrape) {
        return scrape.lines().filter(line -> line.startsWith("jvm_memory_max_bytes{area=\"heap\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
