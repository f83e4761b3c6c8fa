package com.made.allocation.adapters.email;

import java.util.regex.Pattern;

/** Makes text safe to put in a mail header or a log line: control characters and line breaks become spaces. */
final class OneLine {

    private static final Pattern BREAKS = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]");

    private OneLine() {
    }

    static String of(String text) {
        return BREAKS.matcher(text).replaceAll(" ");
    }
}
