package com.made.allocation.service.views;

/** Tells whether the storage behind the service answers. */
@FunctionalInterface
public interface HealthCheck {

    /** True when the storage answered a trivial query just now. */
    boolean storageIsUp();
}
