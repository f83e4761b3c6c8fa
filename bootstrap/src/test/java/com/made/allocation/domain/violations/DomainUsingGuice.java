package com.made.allocation.domain.violations;

import com.google.inject.Injector;

/** Breaks the rules on purpose: a domain class that reaches for Guice. Used only by the rules' own test. */
public class DomainUsingGuice {

    public Object lookUp(Injector injector) {
        return injector.getInstance(Object.class);
    }
}
