package com.made.allocation.service.violations.cycle;

import com.made.allocation.service.violations.CycleA;

/** Breaks the rules on purpose: the other half of a package cycle. */
public class CycleB {

    public CycleA other;
}
