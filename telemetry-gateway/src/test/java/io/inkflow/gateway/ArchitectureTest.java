package io.inkflow.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The pure logic stays free of Netty and Kafka so it is unit-testable in milliseconds. */
class ArchitectureTest {
    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.inkflow.gateway");

    @Test
    void ingestAndAuthDoNotUseNettyOrKafka() {
        noClasses().that().resideInAnyPackage("io.inkflow.gateway.ingest..", "io.inkflow.gateway.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.apache.kafka..")
                .check(GATEWAY);
    }

    @Test
    void onlyTheKafkaPackageAndTheWiringTalkToKafka() {
        noClasses().that().resideInAnyPackage("io.inkflow.gateway.mqtt..", "io.inkflow.gateway.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
                .check(GATEWAY);
    }
}
