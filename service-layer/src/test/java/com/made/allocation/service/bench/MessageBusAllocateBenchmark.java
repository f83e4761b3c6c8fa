package com.made.allocation.service.bench;

import com.made.allocation.service.commands.Commands.Allocate;
import com.made.allocation.service.commands.Commands.CreateBatch;
import com.made.allocation.service.fakes.FakeNotifications;
import com.made.allocation.service.fakes.FakeUnitOfWorkFactory;
import com.made.allocation.service.handlers.Handlers;
import com.made.allocation.service.messagebus.MessageBus;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The message bus handling one {@link Allocate} command with the in-memory fakes and the real handlers:
 * the cost of the service layer and domain without any database or HTTP.
 *
 * <p>The fakes keep state (the product's allocated lines, every unit of work started), so the state is
 * rebuilt before each invocation: a fresh store with one product holding one large warehouse batch. One
 * invocation then handles {@value #LINES} commands with distinct order ids, and the score is per command
 * (the product holds 0 to {@value #LINES} lines while it is measured).
 *
 * <p>Not a unit test (no {@code *Test} name): run it with {@code bench/jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class MessageBusAllocateBenchmark {

    static final int LINES = 10_000;
    private static final String SKU = "BENCH-SKU";

    private Allocate[] commands;
    private MessageBus bus;

    @Setup(Level.Trial)
    public void createCommands() {
        commands = new Allocate[LINES];
        for (int i = 0; i < LINES; i++) {
            commands[i] = new Allocate("order-" + i, SKU, 1);
        }
    }

    // Level.Invocation is fine here: one invocation handles LINES messages, several milliseconds of work.
    @Setup(Level.Invocation)
    public void freshStore() {
        FakeUnitOfWorkFactory uows = new FakeUnitOfWorkFactory();
        bus = uows.bus(Handlers.registry(new FakeNotifications()));
        bus.handle(new CreateBatch("batch-1", SKU, 1_000_000, null));
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void handleAllocate(Blackhole blackhole) {
        for (Allocate command : commands) {
            blackhole.consume(bus.handle(command));
        }
    }
}
