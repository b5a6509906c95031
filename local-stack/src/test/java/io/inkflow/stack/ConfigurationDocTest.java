package io.inkflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable a service reads is documented in docs/configuration.md, so the
 * configuration reference cannot silently fall behind the code. The logback files count: they read
 * variables too ({@code INKFLOW_LOG_FORMAT}).
 */
class ConfigurationDocTest {
    /** A variable name inside a string literal, a picocli "${env:NAME}" default or a logback "${NAME:-default}". */
    private static final Pattern VARIABLE = Pattern.compile(
            "(?<=[\"{:])((?:GATEWAY|STREAMS|DISPATCHER|SIMULATOR|LOCAL_STACK|KAFKA|INKFLOW)_[A-Z0-9_]*[A-Z0-9])"
                    + "(?=[\"}:])");

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
                "GATEWAY_MQTT_PORT", "STREAMS_STATE_DIR", "DISPATCHER_JDBC_URL", "LOCAL_STACK_PRINTERS",
                "INKFLOW_LOG_FORMAT");
        assertThat(undocumented).as("variables missing from docs/configuration.md").isEmpty();
    }

    private static Set<String> variablesReadByCode() {
        Set<String> found = new TreeSet<>();
        List<Path> files = new ArrayList<>(SourceTree.mainJavaFiles());
        files.addAll(SourceTree.mainResources(".xml"));
        for (Path file : files) {
            Matcher m = VARIABLE.matcher(SourceTree.read(file));
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }
}
