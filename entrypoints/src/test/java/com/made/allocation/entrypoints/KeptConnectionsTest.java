package com.made.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A kept-alive client costs the service little heap: a thousand of them (the overload benchmark) must not
 * take a large share of a 256 MB heap. Jetty's per-connection cache of header fields took about 100 KB each
 * from a connection's second request on.
 */
class KeptConnectionsTest {

    private static final int CLIENTS = 300;
    // Far above what a connection keeps now (under 10 KB), far below what the header cache took.
    private static final long MOST_BYTES_A_CONNECTION = 32 * 1024;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

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

    /** GET /health with the headers a client usually sends; the answer, read to its end. */
    private static String ask(Socket socket) throws IOException {
        socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                + "Accept-Encoding: identity\r\nUser-Agent: kept-connections-test\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        int headEnd;
        while ((headEnd = answer.indexOf("\r\n\r\n")) < 0) {
            answer.append((char) readByte(in));
        }
        Matcher length = CONTENT_LENGTH.matcher(answer);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        while (answer.length() < headEnd + 4 + bodyLength) {
            answer.append((char) readByte(in));
        }
        return answer.toString();
    }

    private static int readByte(InputStream in) throws IOException {
        int read = in.read();
        if (read < 0) {
            throw new IOException("the service closed the connection");
        }
        return read;
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
