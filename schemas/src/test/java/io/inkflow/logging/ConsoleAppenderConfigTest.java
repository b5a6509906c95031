package io.inkflow.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console appender every process includes (io/inkflow/logging/console-appender.xml): the encoder that
 * {@code INKFLOW_LOG_FORMAT} selects, what a JSON line holds, and the warning for a value it does not know.
 */
class ConsoleAppenderConfigTest {
    private static final String CONFIG = """
            <configuration>
              <include resource="io/inkflow/logging/console-appender.xml"/>
              <root level="INFO"><appender-ref ref="CONSOLE"/></root>
            </configuration>
            """;
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Test
    void jsonWritesOneObjectALineWithLevelLoggerMessageAndTheStack() throws Exception {
        LoggerContext context = configure("json");
        Encoder<ILoggingEvent> encoder = consoleEncoder(context);
        assertThat(encoder).isInstanceOf(JsonEncoder.class);

        Logger logger = context.getLogger("io.inkflow.gateway.Example");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.ERROR,
                "Report rejected [serial={}]", new IllegalStateException("broker gone", new RuntimeException("cause")),
                new Object[] {"SN\"1"});
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = STRICT.readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("loggerName").asText()).isEqualTo("io.inkflow.gateway.Example");
        assertThat(json.path("message").asText()).isEqualTo("Report rejected [serial={}]");
        assertThat(json.path("formattedMessage").asText()).isEqualTo("Report rejected [serial=SN\"1]");
        assertThat(json.path("timestamp").isNumber()).isTrue();
        assertThat(json.path("throwable").path("className").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.path("throwable").path("stepArray")).isNotEmpty();
        assertThat(json.path("throwable").path("cause").path("message").asText()).isEqualTo("cause");
        assertThat(warnings(context)).isEmpty();
    }

    @Test
    void textIsThePatternLineAndTheDefault() throws Exception {
        assertThat(consoleEncoder(configure("text"))).isInstanceOf(PatternLayoutEncoder.class);

        assumeTrue(System.getenv("INKFLOW_LOG_FORMAT") == null, "INKFLOW_LOG_FORMAT is set in this environment");
        LoggerContext unset = configure(null);
        assertThat(consoleEncoder(unset)).isInstanceOf(PatternLayoutEncoder.class);
        assertThat(warnings(unset)).isEmpty();
    }

    @Test
    void anUnknownValueLogsTextAndWarnsWithTheValue() throws Exception {
        LoggerContext context = configure("JSON");

        assertThat(consoleEncoder(context)).isInstanceOf(PatternLayoutEncoder.class);
        assertThat(warnings(context)).anySatisfy(message -> assertThat(message)
                .contains("INKFLOW_LOG_FORMAT must be text or json, not 'JSON'"));
    }

    /** A fresh context configured as a process is, with the variable as a context property (looked up first). */
    private static LoggerContext configure(String format) throws JoranException {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        if (format != null) {
            context.putProperty("INKFLOW_LOG_FORMAT", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(CONFIG.getBytes(StandardCharsets.UTF_8)));
        return context;
    }

    private static Encoder<ILoggingEvent> consoleEncoder(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> appender = (ConsoleAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        assertThat(appender).as("the CONSOLE appender on the root logger").isNotNull();
        assertThat(appender.isStarted()).isTrue();
        return appender.getEncoder();
    }

    private static List<String> warnings(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getLevel() >= Status.WARN)
                .map(Status::getMessage)
                .toList();
    }
}
