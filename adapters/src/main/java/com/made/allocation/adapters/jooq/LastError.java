package com.made.allocation.adapters.jooq;

/** The error text stored with a failed attempt, cut to its column's size. */
final class LastError {

    private static final int MAX_LENGTH = 2000;

    private LastError() {
    }

    static String of(String error) {
        String text = error == null ? "" : error;
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH);
    }
}
