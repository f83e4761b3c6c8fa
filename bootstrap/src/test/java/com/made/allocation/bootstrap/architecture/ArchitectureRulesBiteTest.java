package com.made.allocation.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.adapters.jooq.messages.violations.MessagesKnowingProducts;
import com.made.allocation.adapters.jooq.sql.violations.StatementsKnowingProducts;
import com.made.allocation.domain.violations.DomainUsingGuice;
import com.made.allocation.domain.violations.DomainUsingJavalin;
import com.made.allocation.domain.violations.DomainUsingJooq;
import com.made.allocation.domain.violations.DomainUsingMail;
import com.made.allocation.domain.violations.MutableEvent;
import com.made.allocation.entrypoints.violations.EntrypointUsingAdapter;
import com.made.allocation.service.handlers.violations.HandlerUsingTheBus;
import com.made.allocation.service.messagebus.violations.BusUsingTheRelay;
import com.made.allocation.service.outbox.violations.OutboxUsingAHandler;
import com.made.allocation.service.violations.CycleA;
import com.made.allocation.service.violations.MutableCommand;
import com.made.allocation.service.violations.ServiceUsingAdapter;
import com.made.allocation.service.violations.cycle.CycleB;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** Each rule reports the deliberately broken fixture classes: the rules can fail. */
class ArchitectureRulesBiteTest {

    private static final JavaClasses VIOLATORS = new ClassFileImporter().importClasses(
            DomainUsingGuice.class, DomainUsingJooq.class, DomainUsingJavalin.class, DomainUsingMail.class,
            MutableEvent.class, MutableCommand.class, EntrypointUsingAdapter.class, ServiceUsingAdapter.class,
            CycleA.class, CycleB.class, HandlerUsingTheBus.class, BusUsingTheRelay.class, OutboxUsingAHandler.class,
            StatementsKnowingProducts.class, MessagesKnowingProducts.class,
            // the targets too: the layer rule weighs only dependencies between imported classes
            com.made.allocation.adapters.jooq.sql.Database.class,
            com.made.allocation.adapters.email.LoggingNotifications.class);

    private static String report(ArchRule rule) {
        EvaluationResult result = rule.evaluate(VIOLATORS);
        assertThat(result.hasViolation()).as("violations of " + rule.getDescription()).isTrue();
        return result.getFailureReport().toString();
    }

    @Test
    void theDomainMayNotUseGuiceJooqJavalinOrMail() {
        assertThat(report(ArchitectureRules.DOMAIN_USES_ONLY_THE_JDK))
                .contains("the domain is reused by other teams")
                .contains(DomainUsingGuice.class.getName(), "com.google.inject.Injector")
                .contains(DomainUsingJooq.class.getName(), "org.jooq.DSLContext")
                .contains(DomainUsingJavalin.class.getName(), "io.javalin.http.Context")
                .contains(DomainUsingMail.class.getName(), "jakarta.mail.Message");
    }

    @Test
    void theServiceLayerMayNotUseAnAdapter() {
        assertThat(report(ArchitectureRules.SERVICE_LAYER_USES_ONLY_THE_DOMAIN))
                .contains(ServiceUsingAdapter.class.getName(), "LoggingNotifications");
    }

    @Test
    void entrypointsMayNotUseAdapters() {
        assertThat(report(ArchitectureRules.LAYERS_POINT_INWARD))
                .contains(EntrypointUsingAdapter.class.getName(), "adapters.jooq.sql.Database");
    }

    @Test
    void packagesMayNotFormACycle() {
        assertThat(report(ArchitectureRules.NO_PACKAGE_CYCLES)).contains("Cycle detected");
    }

    @Test
    void messagesMustBeRecords() {
        assertThat(report(ArchitectureRules.MESSAGES_ARE_RECORDS)).contains(MutableEvent.class.getName())
                .contains(MutableCommand.class.getName());
    }

    @Test
    void onlyBootstrapMayTouchGuice() {
        assertThat(report(ArchitectureRules.ONLY_BOOTSTRAP_TOUCHES_GUICE)).contains(DomainUsingGuice.class.getName());
    }

    @Test
    void handlersMayNotUseTheBus() {
        assertThat(report(ArchitectureRules.HANDLERS_SEE_ONLY_PORTS_COMMANDS_AND_THE_DOMAIN))
                .contains(HandlerUsingTheBus.class.getName(), "messagebus.MessageBus");
    }

    @Test
    void theBusMayNotUseTheRelay() {
        assertThat(report(ArchitectureRules.THE_BUS_DOES_NOT_SEE_THE_RELAY))
                .contains(BusUsingTheRelay.class.getName(), "publishing.EventRelay");
    }

    @Test
    void theOutboxMayNotUseHandlers() {
        assertThat(report(ArchitectureRules.THE_OUTBOX_DOES_NOT_SEE_HANDLERS_OR_THE_BUS))
                .contains(OutboxUsingAHandler.class.getName(), "handlers.HandlerRegistry");
    }

    @Test
    void theStatementRunnerMayNotKnowProducts() {
        assertThat(report(ArchitectureRules.THE_STATEMENT_RUNNER_KNOWS_NOTHING_OF_PRODUCTS_OR_MESSAGES))
                .contains(StatementsKnowingProducts.class.getName(), "adapters.jooq.Locking", "domain.Product");
    }

    @Test
    void messageStorageMayNotKnowProductStorage() {
        assertThat(report(ArchitectureRules.MESSAGE_STORAGE_KNOWS_NOTHING_OF_PRODUCT_STORAGE))
                .contains(MessagesKnowingProducts.class.getName(), "adapters.jooq.Locking");
    }

    @Test
    void aViolationFailsWithTheRulesMessage() {
        assertThatThrownBy(() -> ArchitectureRules.DOMAIN_USES_ONLY_THE_JDK.check(VIOLATORS))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("because the domain is reused by other teams");
    }
}
