package com.made.allocation.bootstrap.e2e;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One HTTP/1.1 connection of the test's own, written to byte by byte as the test likes, which
 * {@link java.net.http.HttpClient} does not allow: for a request that begins before the server's stop
 * and ends after it began.
 */
final class OpenConnection implements AutoCloseable {

    /** An answer: its status and its headers (names in lower case). */
    record Answer(int status, Map<String, String> headers) {
    }

    private final Socket socket;
    private final String host;

    OpenConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        host = "127.0.0.1:" + port;
    }

    /** The first line and the Host header of a request, the rest of its head to follow. */
    String begin(String method, String path) {
        return method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n";
    }

    /** Writes these bytes of a request, at once. */
    synchronized void write(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /**
     * Reads the next answer, body included, so that the one after it can be read.
     * @throws IOException when the connection closes before any of it (EOFException if it closed cleanly)
     */
    Answer next() throws IOException {
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        Map<String, String> headers = new HashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(), header.substring(colon + 1).trim());
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                in.readNBytes(size + 2); // the chunk and its CRLF
            }
            line(in); // the CRLF that ends the chunks
        } else {
            in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        }
        return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException("connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
