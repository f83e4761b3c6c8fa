package com.made.allocation.entrypoints;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTTP/1.1 answer read off a socket the test holds itself, so that the connection stays its own. */
final class RawAnswers {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    private RawAnswers() {
    }

    /**
     * The head of the next answer on {@code connection}, its body read past (by its Content-Length), or
     * "closed before an answer: " and what came when the service closed the connection first.
     */
    static String readHead(Socket connection) throws IOException {
        connection.setSoTimeout(10_000);
        InputStream in = connection.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                return "closed before an answer: " + head;
            }
            head.append((char) next);
        }
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return head.toString();
    }
}
