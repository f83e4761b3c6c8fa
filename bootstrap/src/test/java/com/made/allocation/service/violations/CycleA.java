package com.made.allocation.service.violations;

import com.made.allocation.service.violations.cycle.CycleB;

/** Breaks the rules on purpose: one half of a package cycle. */
public class CycleA {

    public CycleB other;
}
