package com.made.allocation.domain.violations;

import jakarta.mail.Message;

/** Breaks the rules on purpose: a domain class that sends mail. */
public class DomainUsingMail {

    public Object subject(Message message) throws Exception {
        return message.getSubject();
    }
}
