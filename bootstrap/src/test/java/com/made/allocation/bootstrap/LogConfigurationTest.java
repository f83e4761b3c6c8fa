package com.made.allocation.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.made.allocation.service.unitofwork.RequestContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LogConfigurationTest {

    @Test
    void theServiceLogsInfoAndUpToStdoutAndQuietsTheLibraries() {
        LoggerContext context = new LoggerContext();

        LogConfiguration.apply(context, LogConfiguration.LogFormat.TEXT);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDOUT")).isInstanceOf(ConsoleAppender.class);
        assertThat(root.getAppender("STDOUT").isStarted()).isTrue();
        assertThat(context.getLogger("com.made.allocation.service.messagebus.OutboxMessageBus").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        for (String library : LogConfiguration.QUIET_LIBRARIES) {
            assertThat(context.getLogger(library + ".Anything").getEffectiveLevel()).isEqualTo(Level.WARN);
        }
    }

    /** One line as the service's stdout appender would write it, with this request id in the context. */
    private static String written(LogConfiguration.LogFormat format, String requestId) {
        LoggerContext context = new LoggerContext();
        LogConfiguration.apply(context, format);
        Logger logger = context.getLogger("com.made.allocation.Example");
        var appender = (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "sent mail", null, null);
        event.setMDCPropertyMap(requestId == null ? Map.of()
                : Map.of(RequestContext.REQUEST_ID, requestId, RequestContext.MESSAGE_TYPE, "OutOfStock"));
        return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void textLinesNameTheRequestWhenThereIsOne() {
        assertThat(written(LogConfiguration.LogFormat.TEXT, "req-42")).contains("Example [req-42] - sent mail");
        assertThat(written(LogConfiguration.LogFormat.TEXT, null)).contains("Example - sent mail");
    }

    @Test
    void jsonLinesAreOneObjectEachWithTheRequestAndMessageType() throws Exception {
        String line = written(LogConfiguration.LogFormat.JSON, "req-42");

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("message").asText()).isEqualTo("sent mail");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("requestId").asText()).isEqualTo("req-42");
        assertThat(json.get("messageType").asText()).isEqualTo("OutOfStock");
    }

    @Test
    void theFormatIsJsonOnlyWhenAskedFor() {
        assertThat(LogConfiguration.LogFormat.from("JSON")).isEqualTo(LogConfiguration.LogFormat.JSON);
        assertThat(LogConfiguration.LogFormat.from(null)).isEqualTo(LogConfiguration.LogFormat.TEXT);
        assertThat(LogConfiguration.LogFormat.from("text")).isEqualTo(LogConfiguration.LogFormat.TEXT);
    }

    @Test
    void aLogbackTestXmlOnTheClassPathWins() {
        assertThat(getClass().getClassLoader().getResource("logback-test.xml")).isNotNull();
        LoggerContext context = new LoggerContext();
        LogConfiguration configurator = new LogConfiguration();
        configurator.setContext(context);

        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void logbackFindsItAsAService() {
        assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(ServiceLoader.Provider::type))
                .contains(LogConfiguration.class);
    }
}
