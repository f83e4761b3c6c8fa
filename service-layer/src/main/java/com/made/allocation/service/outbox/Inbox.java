package com.made.allocation.service.outbox;

import com.made.allocation.service.unitofwork.OutboxUnitOfWork;
import java.time.Instant;

/**
 * The ids of the messages received from outside and handled. A unit of work records one at its commit
 * ({@link OutboxUnitOfWork#receive}); this port reads and forgets them.
 */
public interface Inbox {

    /** Whether a message with this id was received and handled (its handling committed). */
    boolean wasReceived(String messageId);

    /** Forgets the ids recorded before {@code cutoff}: a broker redelivers within minutes, not days. */
    void forgetBefore(Instant cutoff);
}
