package io.inkflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable a service reads is documented in docs/configuration.md, so the
 * configuration reference cannot silently fall behind the code.
 */
class ConfigurationDocTest {
    /** A variable name inside a string literal or a picocli "${env:NAME}" default. */
    private static final Pattern VARIABLE = Pattern.compile(
            "(?<=[\"{:])((?:GATEWAY|STREAMS|DISPATCHER|SIMULATOR|LOCAL_STACK|KAFKA)_[A-Z0-9_]*[A-Z0-9])(?=[\"}:])");

    @Test
    void everyVariableReadByTheCodeIsInTheConfigurationReference() throws IOException {
        Set<String> read = variablesReadByCode();
        String reference = Files.readString(SourceTree.ROOT.resolve("docs/configuration.md"));

        Set<String> undocumented = new TreeSet<>();
        for (String variable : read) {
            if (!reference.contains("`" + variable + "`")) {
                undocumented.add(variable);
            }
        }

        assertThat(read).as("the scan finds the services' variables").contains("KAFKA_BOOTSTRAP_SERVERS",
                "GATEWAY_MQTT_PORT", "STREAMS_STATE_DIR", "DISPATCHER_JDBC_URL", "LOCAL_STACK_PRINTERS");
        assertThat(undocumented).as("variables missing from docs/configuration.md").isEmpty();
    }

    private static Set<String> variablesReadByCode() {
        Set<String> found = new TreeSet<>();
        for (Path file : SourceTree.mainJavaFiles()) {
            Matcher m = VARIABLE.matcher(SourceTree.read(file));
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }
}
