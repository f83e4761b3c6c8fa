package com.made.allocation.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the allocation service with the settings in the environment, and stops it gracefully on SIGTERM. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        Settings settings;
        try {
            settings = Settings.from(System.getenv());
        } catch (InvalidConfiguration | IllegalArgumentException invalid) {
            log.error("Invalid configuration: {}", invalid.getMessage());
            System.exit(2);
            return;
        }
        log.info("Starting allocation service: {}", settings.describe());
        settings.durabilityWarning().ifPresent(log::warn);
        AllocationService service;
        try {
            service = AllocationService.start(settings);
        } catch (RuntimeException failed) {
            log.error("Could not start: {}", failed.getMessage(), failed);
            System.exit(1);
            return;
        }
        new GracefulStop(service, settings.shutdownDrain(), settings.shutdownGrace()).install();
        // Any other way out of the JVM (SIGHUP, say) still stops the service in order, without the drain.
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    }
}
