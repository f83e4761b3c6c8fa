package com.made.allocation.adapters.jooq.sql.violations;

import com.made.allocation.adapters.jooq.Locking;
import com.made.allocation.domain.Product;

/** Breaks the rule on purpose: the statement runner knowing how products are stored. */
public class StatementsKnowingProducts {
    Locking locking;
    Product product;
}
