package com.made.allocation.entrypoints;

/** A request to an operators' route without the right bearer token. */
final class Unauthorized extends RuntimeException {

    Unauthorized() {
        super("unauthorized");
    }
}
