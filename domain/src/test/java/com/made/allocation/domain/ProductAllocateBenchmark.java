package com.made.allocation.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Product#allocate} on a product with many batches.
 *
 * <p>The batches are added in shuffled ETA order (fixed seed), so the allocation-order sort has work to do.
 * {@code target=first}: every batch has stock and the line goes to the earliest one; {@code target=last}:
 * only the batch with the latest ETA has stock, so every batch is looked at (the "older stock used up" case).
 *
 * <p>To keep the state the same from one operation to the next, each operation allocates one line and
 * then deallocates it again ({@link Batch#deallocateOne()} on the target batch): the score is the cost of
 * both, and the deallocation is a constant, small part of it.
 *
 * <p>It sits in the domain's package to reach {@code deallocateOne}, which only a product may call.
 * Not a unit test (no {@code *Test} name): run it with {@code bench/jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class ProductAllocateBenchmark {

    private static final String SKU = "BENCH-SKU";

    @Param({"10", "1000"})
    public int batches;

    @Param({"first", "last"})
    public String target;

    private Product product;
    private Batch targetBatch;
    private OrderLine line;

    @Setup(Level.Iteration)
    public void setUp() {
        LocalDate firstEta = LocalDate.of(2030, 1, 1);
        List<Batch> all = new ArrayList<>(batches);
        for (int i = 0; i < batches; i++) {
            boolean hasStock = target.equals("first") || i == batches - 1;
            all.add(new Batch("batch-" + i, SKU, hasStock ? 1_000_000 : 0, firstEta.plusDays(i)));
        }
        targetBatch = target.equals("first") ? all.get(0) : all.get(batches - 1);
        Collections.shuffle(all, new Random(42));
        product = new Product(SKU, all, 0);
        line = new OrderLine("order-1", SKU, 1);
    }

    @Benchmark
    public Optional<String> allocateThenDeallocate() {
        Optional<String> ref = product.allocate(line);
        targetBatch.deallocateOne();
        return ref;
    }
}
