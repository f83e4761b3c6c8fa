package com.made.allocation.service.violations;

import com.made.allocation.adapters.email.LoggingNotifications;

/** Breaks the rules on purpose: the service layer reaching out to an adapter. */
public class ServiceUsingAdapter {

    public Object notifications() {
        return new LoggingNotifications();
    }
}
