package com.made.allocation.bootstrap.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a server's command-line tool to its end, for the test servers of their own (OwnPostgres, OwnRabbit). */
final class ToolRun {

    private ToolRun() {
    }

    /**
     * Runs {@code command}, its output going to {@code log}, and waits up to {@code limit}.
     *
     * @throws IllegalStateException when it fails or takes longer, naming the log
     */
    static void run(ProcessBuilder command, Path log, Duration limit) {
        String line = String.join(" ", command.command());
        try {
            Process process = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(line + " failed; see " + log);
            }
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
