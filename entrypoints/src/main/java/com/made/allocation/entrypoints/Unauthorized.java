package com.made.allocation.entrypoints;

import com.made.allocation.service.failures.Refusal;

/** A request to an operators' route without the right bearer token. */
final class Unauthorized extends RuntimeException implements Refusal {

    Unauthorized() {
        super("unauthorized");
    }
}
