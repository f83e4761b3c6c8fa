package com.made.allocation.service.fakes;

import com.made.allocation.service.views.OutboxReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operators' view over a {@link FakeOutbox} and {@link FakePublications}. */
public final class FakeOutboxReport implements OutboxReport {

    private final FakeOutbox outbox;
    private final FakePublications publications;
    private final Clock clock;

    public FakeOutboxReport(FakeOutbox outbox, FakePublications publications, Clock clock) {
        this.outbox = outbox;
        this.publications = publications;
        this.clock = clock;
    }

    @Override
    public Report report(int deadLimit) {
        List<DeadEntry> deadDeliveries = outbox.entries().stream().filter(entry -> entry.status().equals("DEAD"))
                .limit(deadLimit).map(entry -> new DeadEntry(entry.id(),
                        entry.message().message().getClass().getSimpleName(), entry.message().message().toString(),
                        entry.message().handler(), entry.attempts(), entry.lastError(), entry.due()))
                .toList();
        List<DeadEntry> deadPublications = publications.entries().stream()
                .filter(entry -> entry.status().equals("DEAD")).limit(deadLimit)
                .map(entry -> new DeadEntry(entry.id(), entry.message().type(),
                        new String(entry.message().body(), StandardCharsets.UTF_8), entry.message().routingKey(),
                        entry.attempts(), entry.lastError(), entry.due()))
                .toList();
        // As the real tables: a published event is deleted, so publications count no DONE.
        return new Report(section(outbox.entries(), List.of("PENDING", "DONE", "DEAD"), deadDeliveries),
                section(publications.entries(), List.of("PENDING", "DEAD"), deadPublications));
    }

    private Section section(List<? extends FakeMessageTable.Entry<?>> entries, List<String> statuses,
                            List<DeadEntry> dead) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : statuses) {
            counts.put(status, entries.stream().filter(entry -> entry.status().equals(status)).count());
        }
        Optional<Duration> oldest = entries.stream().filter(entry -> entry.status().equals("PENDING"))
                .map(FakeMessageTable.Entry::due).min(Instant::compareTo)
                .map(since -> Duration.between(since, clock.instant()));
        return new Section(counts, oldest, dead);
    }

    @Override
    public boolean redriveDelivery(long id) {
        return outbox.redrive(id);
    }

    @Override
    public boolean redrivePublication(long id) {
        return publications.redrive(id);
    }
}
