package com.made.allocation.service.violations;

import com.made.allocation.service.commands.Command;

/** Breaks the rules on purpose: a command that is a mutable class, not a record. */
public class MutableCommand implements Command<String> {

    public String sku;
}
