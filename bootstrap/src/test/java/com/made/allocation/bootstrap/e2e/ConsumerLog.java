package com.made.allocation.bootstrap.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.made.allocation.entrypoints.broker.CommandConsumer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * What the command consumer of a service started in the test's JVM says about each message, down to DEBUG,
 * kept here (not printed): the lines "Command message ID given back to the queue: ..." and "Command message
 * ID was handled before; acknowledged" are the consumer's own account of what it did with a delivery. Close
 * it to put the logger back as it was.
 */
final class ConsumerLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(CommandConsumer.class);
    private final Level levelBefore = logger.getLevel();
    private final boolean additiveBefore = logger.isAdditive();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            lines.add(event.getFormattedMessage());
        }
    };

    private ConsumerLog() {
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
    }

    /** Listens from now on. */
    static ConsumerLog listen() {
        return new ConsumerLog();
    }

    /** Whether the consumer said this line (its message, exactly). */
    boolean said(String line) {
        return lines.contains(line);
    }

    /** Whether some line it said begins with {@code start}. */
    boolean saidStartingWith(String start) {
        return lines.stream().anyMatch(line -> line.startsWith(start));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(levelBefore);
        logger.setAdditive(additiveBefore);
    }
}
