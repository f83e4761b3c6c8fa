package com.made.allocation.entrypoints.errors;

import com.made.allocation.service.failures.Refusal;

/** A request to an operators' route without the right bearer token. */
public final class Unauthorized extends RuntimeException implements Refusal {

    public Unauthorized() {
        super("unauthorized");
    }
}
