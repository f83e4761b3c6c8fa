package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * podman, for the tests of the image and of the deployment. They run where the system property
 * {@code test.container.base} names a Java 17 base image that podman has ({@code bash .ci/run} builds one and
 * sets it); elsewhere they are skipped, except under CI ({@code CI=true}), where a missing runtime fails them.
 * The service's image is built once per test run, from the repository's Dockerfile and the jar in target.
 */
final class Podman {

    private static final String BASE = System.getProperty("test.container.base", "").strip();
    static final String IMAGE = "localhost/allocation:test";
    private static boolean built;

    private Podman() {
    }

    /** The image of the service, built on first use; skips (or fails, under CI) without podman. */
    static synchronized String image() {
        if (BASE.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but no container base image: run the tests through 'bash .ci/run', which builds it"
                        + " and sets -Dtest.container.base");
            }
            Assumptions.abort("no container runtime: set -Dtest.container.base to a Java 17 image podman has");
        }
        if (!built) {
            Path root = Path.of("..").toAbsolutePath().normalize();
            run(Duration.ofMinutes(3), "build", "--quiet", "--build-arg", "BASE=" + BASE, "--tag", IMAGE,
                    "--file", root.resolve("Dockerfile").toString(), root.toString());
            built = true;
        }
        return IMAGE;
    }

    /** Runs {@code podman args}, and returns what it printed. @throws AssertionError when it fails */
    static String run(Duration limit, String... args) {
        return runWithInput(limit, null, args);
    }

    /** As {@link #run(Duration, String...)}, with {@code input} on its standard input. */
    static String runWithInput(Duration limit, String input, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("podman", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                try (var stdin = process.getOutputStream()) {
                    if (input != null) {
                        stdin.write(input.getBytes(StandardCharsets.UTF_8));
                    }
                }
                boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
                if (!ended) {
                    process.destroyForcibly();
                }
                String printed = Files.readString(output);
                if (!ended || process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + (ended ? " failed" : " timed out") + ":\n"
                            + printed);
                }
                return printed.strip();
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** Runs {@code podman args} for cleaning up: what fails (already gone) is ignored. */
    static void quietly(String... args) {
        try {
            run(Duration.ofSeconds(60), args);
        } catch (AssertionError alreadyGone) {
            // nothing left to remove
        }
    }
}
