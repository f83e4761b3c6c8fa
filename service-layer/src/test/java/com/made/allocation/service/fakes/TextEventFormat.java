package com.made.allocation.service.fakes;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.outbox.EventFormat;
import com.made.allocation.service.outbox.EventMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Events published as their {@code toString()}, typed by their lower-case class name: enough to tell them apart. */
public final class TextEventFormat implements EventFormat {

    @Override
    public EventMessage format(Event event, String orderingKey) {
        String type = event.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return new EventMessage(type, type + "." + orderingKey, orderingKey,
                event.toString().getBytes(StandardCharsets.UTF_8));
    }
}
