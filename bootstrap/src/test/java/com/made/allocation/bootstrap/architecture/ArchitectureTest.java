package com.made.allocation.bootstrap.architecture;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Every module's main classes obey the rules; a violation fails the build with the rule's message. */
@AnalyzeClasses(packages = ArchitectureRules.BASE, importOptions = ArchitectureRules.MainClassesOnly.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainUsesOnlyTheJdk = ArchitectureRules.DOMAIN_USES_ONLY_THE_JDK;

    @ArchTest
    static final ArchRule serviceLayerUsesOnlyTheDomain = ArchitectureRules.SERVICE_LAYER_USES_ONLY_THE_DOMAIN;

    @ArchTest
    static final ArchRule layersPointInward = ArchitectureRules.LAYERS_POINT_INWARD;

    @ArchTest
    static final ArchRule noPackageCycles = ArchitectureRules.NO_PACKAGE_CYCLES;

    @ArchTest
    static final ArchRule messagesAreRecords = ArchitectureRules.MESSAGES_ARE_RECORDS;

    @ArchTest
    static final ArchRule onlyBootstrapTouchesGuice = ArchitectureRules.ONLY_BOOTSTRAP_TOUCHES_GUICE;

    @ArchTest
    static final ArchRule handlersSeeOnlyPortsCommandsAndTheDomain =
            ArchitectureRules.HANDLERS_SEE_ONLY_PORTS_COMMANDS_AND_THE_DOMAIN;

    @ArchTest
    static final ArchRule theBusDoesNotSeeTheRelay = ArchitectureRules.THE_BUS_DOES_NOT_SEE_THE_RELAY;

    @ArchTest
    static final ArchRule theOutboxDoesNotSeeHandlersOrTheBus = ArchitectureRules.THE_OUTBOX_DOES_NOT_SEE_HANDLERS_OR_THE_BUS;

    @ArchTest
    static final ArchRule theStatementRunnerKnowsNothingOfProductsOrMessages =
            ArchitectureRules.THE_STATEMENT_RUNNER_KNOWS_NOTHING_OF_PRODUCTS_OR_MESSAGES;

    @ArchTest
    static final ArchRule messageStorageKnowsNothingOfProductStorage =
            ArchitectureRules.MESSAGE_STORAGE_KNOWS_NOTHING_OF_PRODUCT_STORAGE;
}
