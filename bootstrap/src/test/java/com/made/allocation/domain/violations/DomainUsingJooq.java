package com.made.allocation.domain.violations;

import org.jooq.DSLContext;

/** Breaks the rules on purpose: a domain class that talks SQL. */
public class DomainUsingJooq {

    public int count(DSLContext db) {
        return db.fetchCount(org.jooq.impl.DSL.table("products"));
    }
}
