package com.made.allocation.domain.violations;

import io.javalin.http.Context;

/** Breaks the rules on purpose: a domain class that knows HTTP. */
public class DomainUsingJavalin {

    public String path(Context ctx) {
        return ctx.path();
    }
}
