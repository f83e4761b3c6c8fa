package com.made.allocation.bootstrap;

/** A setting in the environment has a value the service cannot run with. */
public final class InvalidConfiguration extends RuntimeException {

    public InvalidConfiguration(String message) {
        super(message);
    }
}
