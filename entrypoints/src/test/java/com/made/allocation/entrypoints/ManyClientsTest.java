package com.made.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.made.allocation.service.testing.Facts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many clients at once ({@link ManyClients}): a kept-alive client costs the service little heap (a thousand of
 * them, as in the overload benchmark, must not take a large share of a 256 MB heap; Jetty's per-connection
 * cache of header fields took about 100 KB each from a connection's second request on), and a crowd of
 * clients connecting together is accepted, none of their handshakes dropped.
 */
class ManyClientsTest {

    private static final int CLIENTS = 300;
    private static final int CROWD = 1000;
    // Far above what a connection keeps now (under 10 KB), far below what the header cache took.
    private static final long MOST_BYTES_A_CONNECTION = 32 * 1024;

    @Test
    void aConnectionKeptOpenAfterSomeRequestsHoldsLittleHeap() throws Exception {
        try (ApiFixture api = new ApiFixture()) {
            List<Socket> warmUp = openWithTwoRequests(api.port(), 20); // classes, pools, caches of the server
            long before = liveHeap();
            List<Socket> kept = openWithTwoRequests(api.port(), CLIENTS);
            long perConnection = (liveHeap() - before) / CLIENTS;
            closeAll(kept);
            closeAll(warmUp);
            assertThat(perConnection).as("bytes of live heap a kept connection holds")
                    .isLessThan(MOST_BYTES_A_CONNECTION);
        }
    }

    @Test
    void aCrowdConnectingAtOnceIsAcceptedWithoutADroppedHandshake() throws Exception {
        Path netstat = Path.of("/proc/net/netstat");
        assumeTrue(Files.isReadable(netstat), "the kernel's TCP counters are Linux's");
        Path queueCap = Path.of("/proc/sys/net/core/somaxconn");
        assumeTrue(Integer.parseInt(Files.readAllLines(queueCap).get(0).trim()) >= CROWD,
                "the kernel keeps a queue as long as the crowd (net.core.somaxconn)");
        try (ApiFixture api = new ApiFixture()) {
            long overflowsBefore = listenOverflows(netstat);
            List<SocketChannel> crowd = new ArrayList<>();
            try {
                // Non-blocking: the handshakes complete in the kernel, faster than one thread accepts them.
                for (int i = 0; i < CROWD; i++) {
                    SocketChannel channel = SocketChannel.open();
                    crowd.add(channel);
                    channel.configureBlocking(false);
                    channel.connect(new InetSocketAddress("127.0.0.1", api.port()));
                }
                for (SocketChannel channel : crowd) {
                    finishConnecting(channel); // each handshake has reached the service, or was dropped and counted
                }
                // The machine's counter: another program's dropped handshakes in these moments would count too.
                assertThat(listenOverflows(netstat) - overflowsBefore)
                        .as("handshakes the kernel dropped because the accept queue was full").isZero();
            } finally {
                for (SocketChannel channel : crowd) {
                    channel.close();
                }
            }
        }
    }

    private static void finishConnecting(SocketChannel channel) {
        Facts.await(Duration.ofSeconds(10), "a connection's handshake", () -> {
            try {
                return channel.finishConnect();
            } catch (IOException refused) {
                throw new UncheckedIOException(refused);
            }
        });
    }

    /** TcpExt ListenOverflows: handshakes dropped since boot because a listening socket's queue was full. */
    private static long listenOverflows(Path netstat) throws IOException {
        List<String> lines = Files.readAllLines(netstat);
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            if (lines.get(i).startsWith("TcpExt:")) {
                List<String> names = List.of(lines.get(i).split(" "));
                return Long.parseLong(lines.get(i + 1).split(" ")[names.indexOf("ListenOverflows")]);
            }
        }
        throw new IllegalStateException("no TcpExt counters in " + netstat);
    }

    private static List<Socket> openWithTwoRequests(int port, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            sockets.add(socket);
            for (int request = 0; request < 2; request++) {
                assertThat(ask(socket)).startsWith("HTTP/1.1 200");
            }
        }
        return sockets;
    }

    /** GET /health with the headers a client usually sends; the head of its answer. */
    private static String ask(Socket socket) throws IOException {
        socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                + "Accept-Encoding: identity\r\nUser-Agent: kept-connections-test\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return RawAnswers.readHead(socket);
    }

    /** Heap in use after a full collection: what is still referenced. */
    private static long liveHeap() {
        ManagementFactory.getMemoryMXBean().gc();
        ManagementFactory.getMemoryMXBean().gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
