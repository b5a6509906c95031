package io.inkflow.streams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/** The replenishment rules stay free of Kafka and Micrometer so they test in milliseconds. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.inkflow.streams");

    @Test
    void policyDependsOnNoFrameworks() {
        noClasses().that().resideInAPackage("io.inkflow.streams.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.micrometer..",
                        "com.sun.net.httpserver..", "io.inkflow.streams.topology..", "io.inkflow.streams.runtime..")
                .check(classes);
    }

    @Test
    void topologyDoesNotReachIntoTheRuntimeWiring() {
        noClasses().that().resideInAPackage("io.inkflow.streams.topology..")
                .should().dependOnClassesThat().resideInAnyPackage("io.inkflow.streams.http..")
                .check(classes);
    }
}
