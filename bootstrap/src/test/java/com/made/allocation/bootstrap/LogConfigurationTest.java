package com.made.allocation.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LogConfigurationTest {

    @Test
    void theServiceLogsInfoAndUpToStdoutAndQuietsTheLibraries() {
        LoggerContext context = new LoggerContext();

        LogConfiguration.apply(context);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDOUT")).isInstanceOf(ConsoleAppender.class);
        assertThat(root.getAppender("STDOUT").isStarted()).isTrue();
        assertThat(context.getLogger("com.made.allocation.service.OutboxMessageBus").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        for (String library : LogConfiguration.QUIET_LIBRARIES) {
            assertThat(context.getLogger(library + ".Anything").getEffectiveLevel()).isEqualTo(Level.WARN);
        }
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
