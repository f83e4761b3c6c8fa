package com.made.allocation.bootstrap.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.commands.Command;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rules of the modules (see README.md), as ArchUnit rules over every module's main classes. */
final class ArchitectureRules {

    static final String BASE = "com.made.allocation";
    static final String DOMAIN = BASE + ".domain..";
    static final String SERVICE = BASE + ".service..";
    static final String ADAPTERS = BASE + ".adapters..";
    static final String ENTRYPOINTS = BASE + ".entrypoints..";
    static final String BOOTSTRAP = BASE + ".bootstrap..";
    static final String HANDLERS = BASE + ".service.handlers..";
    static final String MESSAGE_BUS = BASE + ".service.messagebus..";
    static final String OUTBOX = BASE + ".service.outbox..";
    static final String RELAY = BASE + ".service.publishing..";
    static final String PRODUCT_STORAGE = BASE + ".adapters.jooq"; // that package alone, not its subpackages
    static final String STATEMENT_RUNNER = BASE + ".adapters.jooq.sql..";
    static final String MESSAGE_STORAGE = BASE + ".adapters.jooq.messages..";

    private ArchitectureRules() {
    }

    static final ArchRule DOMAIN_USES_ONLY_THE_JDK = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..")
            .because("the domain is reused by other teams and must know nothing of frameworks or I/O");

    static final ArchRule SERVICE_LAYER_USES_ONLY_THE_DOMAIN = classes().that().resideInAPackage(SERVICE)
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage(SERVICE, DOMAIN, "java..", "org.slf4j..", "jakarta.inject..")
            .because("the service layer reaches storage, mail and HTTP only through its ports");

    static final ArchRule LAYERS_POINT_INWARD = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("domain").definedBy(DOMAIN)
            .layer("service").definedBy(SERVICE)
            .layer("adapters").definedBy(ADAPTERS)
            .layer("entrypoints").definedBy(ENTRYPOINTS)
            .layer("bootstrap").definedBy(BOOTSTRAP)
            .whereLayer("bootstrap").mayNotBeAccessedByAnyLayer()
            .whereLayer("entrypoints").mayOnlyBeAccessedByLayers("bootstrap")
            .whereLayer("adapters").mayOnlyBeAccessedByLayers("bootstrap")
            .whereLayer("service").mayOnlyBeAccessedByLayers("adapters", "entrypoints", "bootstrap")
            .whereLayer("domain").mayOnlyBeAccessedByLayers("service", "adapters", "entrypoints", "bootstrap")
            .because("dependencies point inward: domain <- service <- {adapters, entrypoints} <- bootstrap");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching(BASE + ".(**)")
            .should().beFreeOfCycles()
            .ignoreDependency(resideInAPackage(BASE + ".adapters.jooq.schema.."), alwaysTrue())
            .ignoreDependency(resideInAPackage(BASE + ".domain"), resideInAPackage(BASE + ".domain.spi"))
            .because("packages form a tree (the generated jOOQ schema excepted, and the domain's storage SPI,"
                    + " which the model takes and which names the model, as an SPI does)");

    static final ArchRule MESSAGES_ARE_RECORDS = classes().that().implement(Event.class).or().implement(Command.class)
            .should().beRecords()
            .because("messages are immutable values");

    static final ArchRule ONLY_BOOTSTRAP_TOUCHES_GUICE = noClasses().that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
            .because("wiring is the composition root's job; the other modules stay framework-free");

    static final ArchRule HANDLERS_SEE_ONLY_PORTS_COMMANDS_AND_THE_DOMAIN = classes().that().resideInAPackage(HANDLERS)
            .should().onlyDependOnClassesThat().resideInAnyPackage(HANDLERS, BASE + ".service.unitofwork..",
                    BASE + ".service.commands..", BASE + ".service.failures..", DOMAIN, "java..", "org.slf4j..")
            .because("a use case is written against the unit of work and the domain, as in the book: how it is"
                    + " queued, grouped, retried or published is the bus's business");

    static final ArchRule THE_BUS_DOES_NOT_SEE_THE_RELAY = noClasses().that().resideInAPackage(MESSAGE_BUS)
            .should().dependOnClassesThat().resideInAPackage(RELAY)
            .because("the bus stores events at commit and rings a doorbell; publishing them is the relay's job,"
                    + " off the path of any request");

    static final ArchRule THE_OUTBOX_DOES_NOT_SEE_HANDLERS_OR_THE_BUS = noClasses().that().resideInAPackage(OUTBOX)
            .should().dependOnClassesThat().resideInAnyPackage(HANDLERS, MESSAGE_BUS)
            .because("the outbox keeps deliveries and hands due ones to whoever it was given");

    static final ArchRule THE_STATEMENT_RUNNER_KNOWS_NOTHING_OF_PRODUCTS_OR_MESSAGES = noClasses()
            .that().resideInAPackage(STATEMENT_RUNNER)
            .should().dependOnClassesThat().resideInAnyPackage(PRODUCT_STORAGE, MESSAGE_STORAGE, DOMAIN,
                    BASE + ".adapters.jooq.schema..")
            .because("it runs any statements in round trips and translates SQL errors, whatever they are about");

    static final ArchRule MESSAGE_STORAGE_KNOWS_NOTHING_OF_PRODUCT_STORAGE = noClasses()
            .that().resideInAPackage(MESSAGE_STORAGE)
            .should().dependOnClassesThat().resideInAPackage(PRODUCT_STORAGE)
            .because("deliveries, inbox ids and publications are stored the same whatever the products are");

    /** Main classes only: test classes and test-jars (fakes, and the rule-breaking fixtures) are left out. */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    }
}
