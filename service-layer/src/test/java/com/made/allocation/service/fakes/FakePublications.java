package com.made.allocation.service.fakes;

import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.publishing.Publication;
import com.made.allocation.service.publishing.Publications;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The publications in memory, with the status and ordering rules of the real ones. */
public final class FakePublications extends FakeMessageTable<EventMessage> implements Publications {

    public FakePublications(Duration lease, Clock clock) {
        super(lease, clock);
    }

    /** Stores messages to publish, due at once, as a commit does. */
    public synchronized void store(List<EventMessage> messages) {
        messages.forEach(message -> insert(id -> message, null));
    }

    @Override
    public synchronized List<Publication> claim(int limit) {
        Instant now = clock.instant();
        Set<String> waiting = new HashSet<>();
        List<Publication> claimed = new ArrayList<>();
        for (Entry<EventMessage> entry : entries()) {
            String key = entry.message().orderingKey();
            if (entry.isPending() && !entry.isDue(now)) {
                waiting.add(key); // leased or waiting for a retry: the later ones of its key wait too
            } else if (claimed.size() < limit && entry.isPending() && !waiting.contains(key)) {
                claimed.add(new Publication(entry.id(), entry.message(), entry.attempts()));
                leased(entry);
            }
        }
        return claimed;
    }

    @Override
    public synchronized void deletePublished(Collection<Long> ids) {
        ids.forEach(rows::remove);
    }

    @Override
    public synchronized void release(Collection<Long> ids) {
        for (long id : ids) {
            Entry<EventMessage> entry = rows.get(id);
            rows.put(id, entry.with(entry.status(), entry.attempts(), entry.due(), null, entry.lastError()));
        }
    }
}
