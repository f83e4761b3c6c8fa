package com.made.allocation.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Arrays;
import java.util.Optional;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The service's log: one line per event on stdout, INFO and up, third-party start-up chatter only from WARN.
 * Set in code, found by logback through {@code META-INF/services}, so that start-up parses no XML. A
 * {@code -Dlogback.configurationFile} or a {@code logback-test.xml} on the class path still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    // The request id, in brackets, only on the lines of a request.
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36}"
            + "%replace( [%X{requestId}]){' \\[\\]', ''} - %msg%n";
    static final String[] QUIET_LIBRARIES = {
        "org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb", "org.jooq", "io.javalin"
    };

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfiguration.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, LogFormat.from(System.getenv("LOG_FORMAT")));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** How log lines are written: readable text, or one JSON object per line for a log pipeline. */
    enum LogFormat {
        TEXT, JSON;

        /** The format a {@code LOG_FORMAT} value names ({@code text} or {@code json}, any case), if any. */
        static Optional<LogFormat> named(String setting) {
            return Arrays.stream(values()).filter(format -> format.name().equalsIgnoreCase(setting.strip())).findFirst();
        }

        /** The format named by {@code LOG_FORMAT}; text when unset or not understood (Settings reports it). */
        static LogFormat from(String setting) {
            return setting == null ? TEXT : named(setting).orElse(TEXT);
        }
    }

    static void apply(LoggerContext context, LogFormat format) {
        Encoder<ILoggingEvent> encoder = format == LogFormat.JSON ? jsonEncoder(context) : textEncoder(context);
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
        for (String library : QUIET_LIBRARIES) {
            context.getLogger(library).setLevel(Level.WARN);
        }
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    // Every logging-context entry becomes a field: requestId and messageType among them.
    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }
}
