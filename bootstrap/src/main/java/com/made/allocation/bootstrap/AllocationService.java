package com.made.allocation.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.entrypoints.AllocationApi;
import com.made.allocation.entrypoints.Draining;
import com.made.allocation.service.outbox.OutboxDispatcher;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: wires the adapters to the bus and the HTTP API, and stops them in order. */
public final class AllocationService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AllocationService.class);

    private final Javalin http;
    private final Draining draining;
    private final OutboxDispatcher dispatcher;
    private final Optional<BrokerLink> broker;
    private final Database database;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private AllocationService(Javalin http, Draining draining, OutboxDispatcher dispatcher,
                              Optional<BrokerLink> broker, Database database) {
        this.http = http;
        this.draining = draining;
        this.dispatcher = dispatcher;
        this.broker = broker;
        this.database = database;
    }

    /**
     * Connects to the database (and the broker, when there is one: a broker that cannot be reached stops
     * the start), migrates it, starts the outbox dispatcher and the broker link, and starts serving HTTP on
     * the configured port. The migrations run on a thread of their own while the rest is built (jOOQ statements,
     * JSON, routes): they are independent, and on two cores this takes about a second off the start.
     */
    public static AllocationService start(Settings settings) {
        String instance = UUID.randomUUID().toString();
        log.info("Instance {}: the events it commits are leased to it by this name", instance);
        List<Module> modules = new ArrayList<>(List.of(
                new PersistenceModule(settings.database(), settings.locking(), settings.outbox().lease(), instance),
                new MessagingModule(settings.smtp(), settings.outbox(), settings.broker().isPresent(),
                        settings.grouping()),
                new HttpModule(settings.adminToken(), settings.admission()),
                new MetricsModule(settings.metrics())));
        settings.broker().ifPresent(broker -> modules.add(new BrokerModule(broker, settings.outbox())));
        Injector injector = Guice.createInjector(modules);
        Database database = injector.getInstance(Database.class);
        CompletableFuture<Void> migrated = CompletableFuture.runAsync(
                database::migrate, task -> new Thread(task, "migrate").start());
        // Next, because it renders its SQL on a thread of its own, and a cold jOOQ is the slowest part of a start.
        injector.getInstance(UnitOfWorkFactory.class);
        OutboxDispatcher dispatcher = null;
        Optional<BrokerLink> broker = Optional.empty();
        try {
            broker = settings.broker().map(configured -> injector.getInstance(BrokerLink.class));
            dispatcher = injector.getInstance(OutboxDispatcher.class);
            Draining draining = new Draining();
            Javalin http = injector.getInstance(AllocationApi.class).createApp(settings.shutdownGrace(), draining);
            awaitMigrations(migrated);
            dispatcher.start(); // first of all, what an earlier run left unfinished
            broker.ifPresent(BrokerLink::start);
            http.start(settings.httpPort());
            log.info("Allocation service listening on port {}", http.port());
            return new AllocationService(http, draining, dispatcher, broker, database);
        } catch (RuntimeException failed) {
            broker.ifPresent(BrokerLink::close);
            if (dispatcher != null) {
                dispatcher.close();
            }
            migrated.handle((done, error) -> done).join(); // the migrations end before their pool closes
            database.close();
            // Guice wraps what a provider threw in a report of many lines; the cause says it in one.
            if (failed instanceof ProvisionException provision && provision.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failed;
        }
    }

    private static void awaitMigrations(CompletableFuture<Void> migrated) {
        try {
            migrated.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failed;
        }
    }

    /** The port HTTP is served on. */
    public int port() {
        return http.port();
    }

    /**
     * The first step of a stop, at once: {@code /health} answers 503 from now on (HTTP requests are still
     * served, on connections that close after each answer), and no more commands are taken from the broker:
     * those being handled finish, the others go back to the queue for another instance.
     */
    public void beginStop() {
        if (stopping.compareAndSet(false, true)) {
            draining.start();
            broker.ifPresent(BrokerLink::stopConsuming);
            log.info("Stopping: health answers 503, commands are no longer taken");
        }
    }

    /**
     * Stops, in the order that leaves nothing half done: begins the stop (if {@link #beginStop()} was not
     * called), stops taking HTTP requests and lets those in flight finish (up to the shutdown grace), lets
     * a dispatch in progress finish, publishes the last events and gives back those it could not, then
     * closes the broker connection and the pool. Closing again does nothing, once the first close is done.
     */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        beginStop();
        try {
            http.stop();
        } finally {
            try {
                dispatcher.close();
            } finally {
                try {
                    broker.ifPresent(BrokerLink::close);
                } finally {
                    database.close();
                    log.info("Allocation service stopped");
                }
            }
        }
    }
}
