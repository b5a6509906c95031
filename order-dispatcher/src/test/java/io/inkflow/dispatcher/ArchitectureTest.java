package io.inkflow.dispatcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The order domain stays pure: rules testable in milliseconds, free of Kafka, JDBC and HTTP. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.inkflow.dispatcher");

    @Test
    void orderDomainUsesNoInfrastructure() {
        noClasses().that().resideInAPackage("io.inkflow.dispatcher.order..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.apache.kafka..",
                        "io.javalin..", "com.zaxxer..", "io.inkflow.dispatcher.persistence..")
                .check(CLASSES);
    }

    @Test
    void adaptersDoNotReachIntoFulfilment() {
        noClasses().that().resideInAnyPackage("io.inkflow.dispatcher.payment..", "io.inkflow.dispatcher.shipping..",
                        "io.inkflow.dispatcher.notify..", "io.inkflow.dispatcher.persistence..",
                        "io.inkflow.dispatcher.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage("io.inkflow.dispatcher.fulfilment..",
                        "io.inkflow.dispatcher.ingest..", "io.inkflow.dispatcher.http..")
                .check(CLASSES);
    }

    @Test
    void sandboxesAndAdaptersKnowNothingOfTheDispatchersConfiguration() {
        noClasses().that().resideInAnyPackage("io.inkflow.dispatcher.sandbox..", "io.inkflow.dispatcher.payment..",
                        "io.inkflow.dispatcher.shipping..", "io.inkflow.dispatcher.notify..")
                .should().dependOnClassesThat().haveNameMatching("io\\.inkflow\\.dispatcher\\.DispatcherConfig.*")
                .check(CLASSES);
    }
}
