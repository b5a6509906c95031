package io.inkflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkflow.schemas.embedded.FreePorts;
import io.inkflow.schemas.embedded.PostgresServer;
import io.inkflow.stack.chaos.Service;
import io.inkflow.stack.chaos.ServiceEnv;
import io.inkflow.stack.chaos.ServiceProcess;
import io.inkflow.testkit.KafkaTestBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jars an operator deploys (docs/operations.md), each started with {@code java -jar} as a process of
 * its own and configured only by environment variables, against a real KRaft broker and real PostgreSQL: every
 * service gets ready; the dispatcher's jar renders its precompiled page and mail templates; the simulator's jar
 * provisions printers through the dispatcher's and publishes through the gateway's TLS listener (a certificate made
 * by BouncyCastle, whose signed jar was merged); {@code INKFLOW_LOG_FORMAT=json} gives one JSON object a line,
 * with the stack of a logged exception. The jars are built by the modules' {@code package} phase (maven-shade-plugin).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RunnableJarsIT {
    private static final String ADMIN_TOKEN = "runnable-jars-admin-token";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    /** What an operator might pass; nothing InkFlow needs. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** Strict: a line with anything after its JSON object is not a JSON line. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    static Path dir;

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServiceProcess> services = new ArrayList<>();
    private KafkaTestBroker broker;
    private PostgresServer postgres;
    private ServiceProcess gateway;
    private ServiceProcess streams;
    private ServiceProcess dispatcher;
    private int gatewayTlsPort;
    private int dispatcherPort;

    @BeforeAll
    void startTheJarsAgainstKafkaAndPostgres() throws InterruptedException, IOException {
        Files.createDirectories(dir.resolve("logs"));
        broker = KafkaTestBroker.start(dir.resolve("kafka"), 0, Map.of());
        broker.createInkflowTopics(2);
        postgres = PostgresServer.start(dir.resolve("postgres"), dir.resolve("logs/postgres.log"));
        String kafka = broker.bootstrapServers();

        dispatcherPort = FreePorts.one();
        Map<String, String> dispatcherEnv = ServiceEnv.dispatcher(kafka, postgres, dispatcherPort, ADMIN_TOKEN,
                "NONE", 0);
        dispatcherEnv.put("INKFLOW_LOG_FORMAT", "json");
        dispatcher = start("dispatcher", Service.DISPATCHER, "order-dispatcher", dispatcherEnv, dispatcherPort);

        int streamsPort = FreePorts.one();
        // No INKFLOW_LOG_FORMAT: the default, text.
        streams = start("streams", Service.STREAMS, "replenishment-streams",
                ServiceEnv.streams(kafka, dir.resolve("streams-state"), streamsPort), streamsPort);

        int gatewayHttpPort = FreePorts.one();
        gatewayTlsPort = FreePorts.one();
        Map<String, String> gatewayEnv = ServiceEnv.gateway(kafka, FreePorts.one(), gatewayHttpPort);
        gatewayEnv.put("GATEWAY_MQTT_ENABLED", "false");
        gatewayEnv.put("GATEWAY_TLS_ENABLED", "true");
        gatewayEnv.put("GATEWAY_TLS_PORT", String.valueOf(gatewayTlsPort));
        gatewayEnv.put("GATEWAY_TLS_SELF_SIGNED", "true");
        gatewayEnv.put("INKFLOW_LOG_FORMAT", "json");
        gateway = start("gateway", Service.GATEWAY, "telemetry-gateway", gatewayEnv, gatewayHttpPort);

        for (ServiceProcess service : services) {
            service.awaitReady(READY_TIMEOUT);
        }
    }

    @AfterAll
    void stopEverything() {
        for (ServiceProcess service : services.reversed()) {
            service.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void simulatorJarAnswersHelpAndVersion() {
        Run help = runSimulator(Map.of(), "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.stdout()).contains("Usage: inkflow-sim").contains("provision", "run", "replay", "verify",
                "bench");

        Run version = runSimulator(Map.of(), "--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout()).contains("inkflow printer simulator");
    }

    @Test
    @Order(2)
    void dispatcherJarServesPagesAndMailFromItsPrecompiledTemplates() throws Exception {
        HttpResponse<String> home = get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(home.body()).contains("<html").contains("href=\"/sign-up\"");

        // Sign up on the customer pages: the verification mail is rendered from the mail templates at delivery.
        String csrf = csrfToken(get("/sign-up").body());
        String email = "runnable-jar@example.com";
        HttpResponse<String> signedUp = postForm("/sign-up", Map.of("_csrf", csrf, "name", "Ada Jar", "email", email,
                "password", "a long enough password 42", "terms", "yes"));
        assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(303);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode mail = mailTo(email);
            assertThat(mail).as("the verification mail in the mailbox").isNotNull();
            assertThat(mail.path("kind").asText()).isEqualTo("EMAIL_VERIFICATION");
            assertThat(mail.path("subject").asText()).isNotBlank();
            assertThat(mail.path("body").asText()).contains("/verify-email");
        });
    }

    @Test
    @Order(3)
    void simulatorJarProvisionsThroughTheDispatcherJarAndPublishesThroughTheGatewayJarOverTls() throws IOException {
        Path fleet = dir.resolve("fleet.json");
        Map<String, String> env = Map.of("SIMULATOR_API_URL", "http://127.0.0.1:" + dispatcherPort,
                "SIMULATOR_ADMIN_TOKEN", ADMIN_TOKEN, "INKFLOW_LOG_FORMAT", "json");
        Run provision = runSimulator(env, "provision", "-n", "2", "--seed", "7", "--prefix", "JAR", "-o",
                fleet.toString());
        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        assertThat(provision.stdout()).contains("Provisioned 2 printers");
        // The command's output stays on stdout; its logs, JSON lines here, go to stderr.
        assertThat(jsonLines(provision.stderr())).anySatisfy(line -> {
            assertThat(line.path("loggerName").asText()).isEqualTo("io.inkflow.simulator.FleetProvisioner");
            assertThat(line.path("formattedMessage").asText()).isEqualTo("Fleet provisioned [printers=2]");
        });

        Path report = dir.resolve("run-report.json");
        Run run = runSimulator(Map.of(), "run", "-f", fleet.toString(), "--mqtt", "ssl://127.0.0.1:" + gatewayTlsPort,
                "--tls-insecure", "--days", "1", "--duration", "15s", "--progress-every", "5s", "--report",
                report.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode stats = STRICT.readTree(report.toFile()).path("stats");
        assertThat(stats.path("reportsAcked").asLong()).as(stats.toString()).isPositive();
        assertThat(stats.path("pendingReports").asLong()).as(stats.toString()).isZero();
    }

    @Test
    @Order(4)
    void servicesLogJsonLinesWhenSwitchedOnAndTextByDefault() throws IOException {
        for (ServiceProcess service : List.of(gateway, dispatcher)) {
            List<JsonNode> lines = jsonLines(Files.readString(logOf(service)));
            assertThat(lines).as(service.name()).anySatisfy(line -> {
                assertThat(line.path("level").asText()).isEqualTo("INFO");
                assertThat(line.path("loggerName").asText()).startsWith("io.inkflow.");
            });
        }
        String text = Files.readString(logOf(streams));
        assertThat(text).as("streams logs text by default").isNotBlank().doesNotStartWith("{")
                .containsPattern("(?m)^\\d{4}-\\d{2}-\\d{2} [\\d:,]+ INFO +\\[[^]]+] io\\.inkflow\\.");
    }

    @Test
    @Order(5)
    void aServiceThatCannotStartLogsTheReasonAsAJsonLineWithItsStack() throws IOException {
        Map<String, String> dispatcher = ServiceEnv.dispatcher(broker.bootstrapServers(), postgres,
                FreePorts.one(), ADMIN_TOKEN, "NONE", 0);
        dispatcher.put("DISPATCHER_DB_POOL_SIZE", "1");
        Map<String, String> gateway = ServiceEnv.gateway(broker.bootstrapServers(), FreePorts.one(), FreePorts.one());
        gateway.put("GATEWAY_AUTH_THREADS", "none");
        Map<String, String> streams = ServiceEnv.streams(broker.bootstrapServers(), dir.resolve("refused-state"),
                FreePorts.one());
        streams.put("STREAMS_COMMIT_INTERVAL_MS", "soon");

        assertRefusedWithAJsonLine("order-dispatcher", dispatcher, "DISPATCHER_DB_POOL_SIZE");
        assertRefusedWithAJsonLine("telemetry-gateway", gateway, "GATEWAY_AUTH_THREADS");
        assertRefusedWithAJsonLine("replenishment-streams", streams, "STREAMS_COMMIT_INTERVAL_MS");
    }

    private void assertRefusedWithAJsonLine(String module, Map<String, String> env, String badVariable)
            throws IOException {
        env.put("INKFLOW_LOG_FORMAT", "json");

        Run refused = runJar(module, env);

        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(jsonLines(refused.stdout())).as(refused.toString()).anySatisfy(line -> {
            assertThat(line.path("level").asText()).isEqualTo("ERROR");
            JsonNode throwable = line.path("throwable");
            assertThat(throwable.path("className").asText()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(throwable.path("message").asText()).contains(badVariable);
            assertThat(throwable.path("stepArray")).as("the stack").isNotEmpty();
            assertThat(throwable.path("stepArray").get(0).path("className").asText()).startsWith("io.inkflow.");
        });
    }

    private ServiceProcess start(String name, Service service, String module, Map<String, String> env, int healthPort) {
        ServiceProcess process = ServiceProcess.fromJar(name, service, jar(module), env, JVM_OPTIONS,
                dir.resolve("logs/" + name + ".log"), healthPort);
        services.add(process);
        process.start();
        return process;
    }

    private static Path logOf(ServiceProcess service) {
        return dir.resolve("logs/" + service.name() + ".log");
    }

    /** The runnable jar of a module, as the build left it (its path comes from the POM, see failsafe there). */
    private static Path jar(String module) {
        String path = System.getProperty("inkflow.jar." + module);
        assertThat(path).as("system property inkflow.jar.%s (set by the local-stack POM)", module).isNotNull();
        Path jar = Path.of(path);
        assertThat(jar).as("runnable jar of %s: build it with `-pl local-stack -am`", module).isRegularFile();
        return jar;
    }

    private record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private Run runSimulator(Map<String, String> env, String... args) {
        return runJar("printer-simulator", env, args);
    }

    /** Runs a jar to its end with only {@code env} as its environment; killed when it outlives the timeout. */
    private Run runJar(String module, Map<String, String> env, String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar(module).toString()));
        command.addAll(List.of(args));
        String name = module + "-" + System.nanoTime();
        Path out = dir.resolve("logs/" + name + ".out");
        Path err = dir.resolve("logs/" + name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = null;
        try {
            process = builder.start();
            boolean ended = process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(ended).as("%s ended within %s", command, COMMAND_TIMEOUT).isTrue();
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Every non-blank line parsed as a JSON object with the fields each log line must have. */
    private static List<JsonNode> jsonLines(String text) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = STRICT.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.path("level").asText()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(node.path("loggerName").asText()).as(line).isNotBlank();
            assertThat(node.path("message").isTextual()).as(line).isTrue();
            assertThat(node.path("timestamp").isNumber()).as(line).isTrue();
            lines.add(node);
        }
        return lines;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(dispatcherUri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String path, Map<String, String> fields)
            throws IOException, InterruptedException {
        String body = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(dispatcherUri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The newest mail to {@code recipient} in the sandbox mailbox, or null. */
    private JsonNode mailTo(String recipient) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(dispatcherUri("/api/v1/mailbox?limit=1000"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode root = STRICT.readTree(response.body());
        for (JsonNode mail : root.isArray() ? root : root.path("items")) {
            if (recipient.equals(mail.path("recipient").asText())) {
                return mail;
            }
        }
        return null;
    }

    private URI dispatcherUri(String path) {
        return URI.create("http://127.0.0.1:" + dispatcherPort + path);
    }

    private static String csrfToken(String page) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("a CSRF field in the sign-up form").isTrue();
        return m.group(1);
    }
}
