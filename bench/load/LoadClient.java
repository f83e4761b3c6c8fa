import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load client for POST /allocate that measures what users feel: each connection sends its next
 * request when the previous one is answered (after the answer's Retry-After and up to a second more, at random,
 * when a 503 asks for one, as a polite client does), and the latencies are kept per status in HdrHistograms, so that fast 503s never mix
 * into the latencies of the 201s. One thread and one selector drive every connection, so the client costs
 * the shared machine little.
 *
 * <pre>
 * java -cp HdrHistogram.jar bench/load/LoadClient.java url=http://127.0.0.1:5055 phases=w16:30,16:20,256:20,1024:20,16-after:20
 *      [skus=100] [tag=run1] [deadline_ms=100] [timeout_ms=2000] [retry_after=honour|ignore]
 * </pre>
 *
 * A phase is NAME:SECONDS or CONNECTIONS:SECONDS, NAME starting with its connection count; one starting with
 * 'w' is a warm-up and not reported. Prints one PHASE line per reported phase and one SECOND line per second
 * (key=value pairs), then a Markdown table. The recovery of a phase whose name ends in "-after" is the
 * number of seconds until one second's p99 of the 201s is at most 1.1 times the p99 of the first phase with
 * the same connection count.
 */
public final class LoadClient {

    private static final long HIGHEST_MICROS = 120_000_000L;
    private static final int OPENED_BETWEEN_READS = 16;

    record Phase(String name, int connections, int seconds, boolean reported) {
        static Phase parse(String spec) {
            String[] parts = spec.split(":");
            String name = parts[0];
            boolean warmUp = name.startsWith("w");
            String digits = (warmUp ? name.substring(1) : name).replaceAll("^(\\d+).*$", "$1");
            return new Phase(name, Integer.parseInt(digits), Integer.parseInt(parts[1]), !warmUp);
        }
    }

    /** What one phase saw. */
    static final class PhaseStats {
        final Phase phase;
        final Histogram ok = histogram();
        final Histogram refused = histogram();
        // The 503s after the phase's first second: without the crowd of connections it opened at once.
        final Histogram refusedSettled = histogram();
        // The phase begins as it is made, before its new connections open.
        final long startNanos = System.nanoTime();
        final Map<Integer, Long> statuses = new HashMap<>();
        long withinDeadline;
        long timeouts;
        long broken;
        double seconds;
        final List<SecondStats> perSecond = new ArrayList<>();

        PhaseStats(Phase phase) {
            this.phase = phase;
        }
    }

    /**
     * One second of a phase. {@code clientBusyMs}: the longest the client went without reading its
     * connections (opening the phase's new ones, or one pass over the ready ones): an answer that came in
     * meanwhile waited that long before the client took its time, so a tail near it is the client's own.
     */
    record SecondStats(int second, long ok, long refused, double okP99Ms, double refusedP99Ms, double limit,
                       double clientBusyMs) {
    }

    private static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    /** One connection: sending, waiting for its answer, or resting after a Retry-After. */
    private final class Connection {
        final int id;
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer out;
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        long sentAt;
        boolean busy;
        long counter;

        Connection(int id) {
            this.id = id;
        }
    }

    private final InetSocketAddress address;
    private final String host;
    private final int skus;
    private final String tag;
    private final long deadlineMicros;
    private final long timeoutNanos;
    private final boolean honourRetryAfter;
    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();
    private final PriorityQueue<long[]> resting = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    private final LimitWatch limitWatch;
    private int nextConnectionId;
    private PhaseStats current;
    private Histogram secondOk = histogram();
    private Histogram secondRefused = histogram();
    private long secondBusiestNanos;

    private LoadClient(URI url, int skus, String tag, long deadlineMs, long timeoutMs, boolean honourRetryAfter)
            throws IOException {
        this.address = new InetSocketAddress(url.getHost(), url.getPort());
        this.host = url.getHost() + ":" + url.getPort();
        this.skus = skus;
        this.tag = tag;
        this.deadlineMicros = deadlineMs * 1000;
        this.timeoutNanos = timeoutMs * 1_000_000;
        this.honourRetryAfter = honourRetryAfter;
        this.selector = Selector.open();
        this.limitWatch = new LimitWatch(url);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        List<Phase> phases = new ArrayList<>();
        for (String spec : options.getOrDefault("phases", "16:20").split(",")) {
            phases.add(Phase.parse(spec));
        }
        LoadClient client = new LoadClient(URI.create(options.getOrDefault("url", "http://127.0.0.1:5055")),
                Integer.parseInt(options.getOrDefault("skus", "100")),
                options.getOrDefault("tag", "load" + System.currentTimeMillis() % 100000),
                Long.parseLong(options.getOrDefault("deadline_ms", "100")),
                Long.parseLong(options.getOrDefault("timeout_ms", "2000")),
                !"ignore".equals(options.getOrDefault("retry_after", "honour")));
        List<PhaseStats> results = client.run(phases);
        client.report(results, Long.parseLong(options.getOrDefault("deadline_ms", "100")));
    }

    private List<PhaseStats> run(List<Phase> phases) throws IOException {
        Thread watcher = new Thread(limitWatch, "limit-watch");
        watcher.setDaemon(true);
        watcher.start();
        List<PhaseStats> results = new ArrayList<>();
        for (Phase phase : phases) {
            current = new PhaseStats(phase);
            long start = current.startNanos;
            long end = start + phase.seconds() * 1_000_000_000L;
            long nextSecond = start + 1_000_000_000L;
            int second = 0;
            secondOk = histogram();
            secondRefused = histogram();
            secondBusiestNanos = 0;
            resize(phase.connections());
            while (true) {
                long now = System.nanoTime();
                if (now >= nextSecond) {
                    second++;
                    current.perSecond.add(new SecondStats(second, secondOk.getTotalCount(),
                            secondRefused.getTotalCount(), ms(secondOk, 99), ms(secondRefused, 99), limitWatch.latest,
                            secondBusiestNanos / 1e6));
                    secondOk = histogram();
                    secondRefused = histogram();
                    secondBusiestNanos = 0;
                    nextSecond += 1_000_000_000L;
                }
                if (now >= end) {
                    break;
                }
                long wait = Math.min(end, nextSecond) - now;
                if (!resting.isEmpty()) {
                    wait = Math.min(wait, resting.peek()[0] - now);
                }
                selector.select(Math.max(1, Math.min(50, wait / 1_000_000)));
                serveReady(System.nanoTime());
            }
            current.seconds = (System.nanoTime() - start) / 1e9;
            if (phase.reported()) {
                results.add(current);
            }
        }
        for (Connection connection : new ArrayList<>(connections)) {
            close(connection);
        }
        return results;
    }

    // --- connections ---------------------------------------------------------------------------------

    /**
     * Opens or closes connections until there are {@code wanted}. A new connection sends its first request
     * as soon as it is connected; the answers that come back meanwhile are read after every few connections
     * opened. Read only after all of a step's 768 were open, the first answers waited for the client as long
     * as it took to open the rest, 116-137 ms on this machine (bench/README.md, "The client's own pauses").
     */
    private void resize(int wanted) throws IOException {
        while (connections.size() > wanted) {
            close(connections.get(connections.size() - 1));
        }
        while (connections.size() < wanted) {
            long pass = System.nanoTime();
            for (int i = 0; i < OPENED_BETWEEN_READS && connections.size() < wanted; i++) {
                open(new Connection(nextConnectionId++));
            }
            selector.selectNow();
            serveReady(pass);
        }
    }

    /** Serves every connection that is ready; the pass, from {@code passStart}, is the client busy. */
    private void serveReady(long passStart) throws IOException {
        for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            ready((Connection) key.attachment(), key);
        }
        wakeRested(System.nanoTime());
        expire(System.nanoTime());
        secondBusiestNanos = Math.max(secondBusiestNanos, System.nanoTime() - passStart);
    }

    private void open(Connection connection) throws IOException {
        connection.channel = SocketChannel.open();
        connection.channel.configureBlocking(false);
        connection.channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        connection.in.clear();
        connection.busy = false;
        if (!connections.contains(connection)) {
            connections.add(connection);
        }
        if (connection.channel.connect(address)) {
            connection.key = connection.channel.register(selector, 0, connection);
            send(connection);
        } else {
            connection.key = connection.channel.register(selector, SelectionKey.OP_CONNECT, connection);
        }
    }

    private void close(Connection connection) {
        connections.remove(connection);
        try {
            connection.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void reopen(Connection connection) throws IOException {
        try {
            connection.channel.close();
        } catch (IOException ignored) {
            // replaced below
        }
        open(connection);
    }

    private void ready(Connection connection, SelectionKey key) throws IOException {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                connection.channel.finishConnect();
                key.interestOps(0);
                send(connection);
            } else if (key.isWritable()) {
                write(connection);
            } else if (key.isReadable()) {
                read(connection);
            }
        } catch (IOException broken) {
            if (connections.contains(connection)) {
                current.broken++;
                reopen(connection);
            }
        }
    }

    // --- requests and answers ------------------------------------------------------------------------

    private void send(Connection connection) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = "{\"orderid\":\"" + tag + "-" + current.phase.name() + "-" + connection.id + "-"
                + (++connection.counter) + "\",\"sku\":\"BENCH-SKU-" + (1 + random.nextInt(skus)) + "\",\"qty\":"
                + (1 + random.nextInt(3)) + "}";
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /allocate HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.length + "\r\n\r\n";
        ByteBuffer out = ByteBuffer.allocate(head.length() + json.length);
        out.put(head.getBytes(StandardCharsets.US_ASCII)).put(json).flip();
        connection.out = out;
        connection.in.clear();
        connection.busy = true;
        connection.sentAt = System.nanoTime();
        write(connection);
    }

    private void write(Connection connection) throws IOException {
        connection.channel.write(connection.out);
        connection.key.interestOps(connection.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(Connection connection) throws IOException {
        if (!connection.in.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(connection.in.capacity() * 2);
            connection.in.flip();
            bigger.put(connection.in);
            connection.in = bigger;
        }
        if (connection.channel.read(connection.in) < 0) {
            throw new IOException("closed by the server");
        }
        Answer answer = Answer.parse(connection.in);
        if (answer == null) {
            return; // not all of it yet
        }
        long micros = (System.nanoTime() - connection.sentAt) / 1000;
        connection.busy = false;
        record(answer.status(), micros);
        if (answer.close()) {
            reopen(connection);
        } else if (answer.status() == 503 && honourRetryAfter && answer.retryAfterSeconds() > 0) {
            connection.key.interestOps(0);
            // As a polite client does: at least the time asked, plus up to a second of its own, so that the
            // clients refused together do not all come back in the same millisecond.
            long rest = answer.retryAfterSeconds() * 1_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
            resting.add(new long[] {System.nanoTime() + rest, connection.id});
        } else {
            send(connection);
        }
    }

    private void record(int status, long micros) {
        current.statuses.merge(status, 1L, Long::sum);
        long value = Math.min(micros, HIGHEST_MICROS);
        if (status == 201) {
            current.ok.recordValue(value);
            secondOk.recordValue(value);
            if (micros <= deadlineMicros) {
                current.withinDeadline++;
            }
        } else if (status == 503) {
            current.refused.recordValue(value);
            secondRefused.recordValue(value);
            if (System.nanoTime() - current.startNanos >= 1_000_000_000L) {
                current.refusedSettled.recordValue(value);
            }
        }
    }

    private void wakeRested(long now) throws IOException {
        while (!resting.isEmpty() && resting.peek()[0] <= now) {
            long id = resting.poll()[1];
            for (Connection connection : connections) {
                if (connection.id == id && !connection.busy) {
                    send(connection);
                    break;
                }
            }
        }
    }

    private long lastExpiry;

    private void expire(long now) throws IOException {
        if (now - lastExpiry < 20_000_000L) {
            return;
        }
        lastExpiry = now;
        for (Connection connection : new ArrayList<>(connections)) {
            if (connection.busy && now - connection.sentAt > timeoutNanos) {
                current.timeouts++;
                reopen(connection); // the answer no longer counts: a user would have given up
            }
        }
    }

    /** An HTTP/1.1 answer, once all of it was read. */
    record Answer(int status, boolean close, int retryAfterSeconds) {

        static Answer parse(ByteBuffer in) {
            byte[] bytes = in.array();
            int length = in.position();
            int headEnd = indexOf(bytes, length, "\r\n\r\n", 0);
            if (headEnd < 0) {
                return null;
            }
            String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].substring(9, 12));
            int contentLength = -1;
            boolean chunked = false;
            boolean close = false;
            int retryAfter = 0;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = Integer.parseInt(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "retry-after" -> retryAfter = parseSeconds(value);
                    default -> { }
                }
            }
            int bodyStart = headEnd + 4;
            if (chunked) {
                return indexOf(bytes, length, "0\r\n\r\n", bodyStart) < 0 ? null : new Answer(status, close, retryAfter);
            }
            if (contentLength >= 0 && length < bodyStart + contentLength) {
                return null;
            }
            return new Answer(status, close, retryAfter);
        }

        private static int parseSeconds(String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException notSeconds) {
                return 1;
            }
        }

        private static int indexOf(byte[] bytes, int length, String what, int from) {
            byte[] needle = what.getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = from; i <= length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /** Reads the service's admission limit from /metrics once a second (NaN when it has none). */
    static final class LimitWatch implements Runnable {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        private final URI metrics;
        volatile double latest = Double.NaN;

        LimitWatch(URI base) {
            this.metrics = base.resolve("/metrics");
        }

        @Override
        public void run() {
            while (true) {
                try {
                    String text = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    double found = Double.NaN;
                    for (String line : text.split("\n")) {
                        if (line.startsWith("allocation_admission_limit ")) {
                            found = Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
                        }
                    }
                    latest = found;
                    Thread.sleep(1000); // paces the scrape, once a second
                } catch (IOException | RuntimeException unreadable) {
                    latest = Double.NaN;
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    // --- report --------------------------------------------------------------------------------------

    private void report(List<PhaseStats> results, long deadlineMs) {
        Map<Integer, Double> baselineP99 = new HashMap<>();
        StringBuilder table = new StringBuilder();
        table.append("| phase | connections | 201/s | goodput/s (201 within ").append(deadlineMs)
                .append(" ms) | p50 ms | p99 ms | p99.9 ms | 503/s | 503 p99 ms (after the phase's first second) | other statuses"
                        + " | time-outs"
                        + " | limit min/avg/max | recovery s |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|\n");
        for (PhaseStats stats : results) {
            Phase phase = stats.phase;
            double p99 = ms(stats.ok, 99);
            baselineP99.putIfAbsent(phase.connections(), p99);
            String recovery = "-";
            if (phase.name().endsWith("-after")) {
                double target = baselineP99.get(phase.connections()) * 1.1;
                recovery = "never";
                for (SecondStats second : stats.perSecond) {
                    if (second.ok() > 0 && second.okP99Ms() <= target) {
                        recovery = Integer.toString(second.second());
                        break;
                    }
                }
            }
            long ok = stats.statuses.getOrDefault(201, 0L);
            long refused = stats.statuses.getOrDefault(503, 0L);
            StringBuilder other = new StringBuilder();
            stats.statuses.forEach((status, count) -> {
                if (status != 201 && status != 503) {
                    other.append(status).append('x').append(count).append(' ');
                }
            });
            String limits = limits(stats);
            String line = String.format(Locale.ROOT,
                    "PHASE name=%s connections=%d seconds=%.1f ok_per_s=%.1f goodput_per_s=%.1f p50_ms=%.2f"
                            + " p99_ms=%.2f p999_ms=%.2f refused_per_s=%.1f refused_p50_ms=%.2f refused_p99_ms=%.2f refused_p99_after_1s_ms=%.2f other=%s timeouts=%d"
                            + " broken=%d limit=%s recovery_s=%s",
                    phase.name(), phase.connections(), stats.seconds, ok / stats.seconds,
                    stats.withinDeadline / stats.seconds, ms(stats.ok, 50), p99, ms(stats.ok, 99.9),
                    refused / stats.seconds, ms(stats.refused, 50), ms(stats.refused, 99), ms(stats.refusedSettled, 99),
                    other.length() == 0 ? "0" : other.toString().trim().replace(' ', ','),
                    stats.timeouts, stats.broken, limits, recovery);
            System.out.println(line);
            for (SecondStats second : stats.perSecond) {
                System.out.println(String.format(Locale.ROOT,
                        "SECOND phase=%s t=%d ok=%d refused=%d ok_p99_ms=%.2f refused_p99_ms=%.2f limit=%s"
                                + " client_busy_ms=%.1f",
                        phase.name(), second.second(), second.ok(), second.refused(), second.okP99Ms(),
                        second.refusedP99Ms(),
                        Double.isNaN(second.limit()) ? "-" : String.format(Locale.ROOT, "%.0f", second.limit()),
                        second.clientBusyMs()));
            }
            table.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.1f | %.1f | %.1f | %.0f | %s | %s | %d | %s | %s |%n",
                    phase.name(), phase.connections(), ok / stats.seconds, stats.withinDeadline / stats.seconds,
                    ms(stats.ok, 50), p99, ms(stats.ok, 99.9), refused / stats.seconds,
                    refused == 0 ? "-" : String.format(Locale.ROOT, "%.1f (%.1f)", ms(stats.refused, 99),
                            ms(stats.refusedSettled, 99)),
                    other.length() == 0 ? "0" : other.toString().trim(), stats.timeouts + stats.broken, limits,
                    recovery));
        }
        System.out.println();
        System.out.print(table);
    }

    private static String limits(PhaseStats stats) {
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        int n = 0;
        for (SecondStats second : stats.perSecond) {
            if (!Double.isNaN(second.limit())) {
                min = Math.min(min, second.limit());
                max = Math.max(max, second.limit());
                sum += second.limit();
                n++;
            }
        }
        return n == 0 ? "-" : String.format(Locale.ROOT, "%.0f/%.0f/%.0f", min, sum / n, max);
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
