package io.inkflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.dispatcher.account.DeviceSecrets;
import io.inkflow.gateway.GatewayConfig;
import io.inkflow.gateway.TelemetryGateway;
import io.inkflow.schemas.CredentialStatus;
import io.inkflow.schemas.DeviceCredential;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.Topics;
import io.inkflow.simulator.FleetRunner;
import io.inkflow.simulator.RunOptions;
import io.inkflow.simulator.RunningFleet;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetOptions;
import io.inkflow.simulator.fleet.FleetPlan;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.fleet.VirtualPrinter;
import io.inkflow.simulator.mqtt.LinkFactory;
import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.mqtt.MqttVersion;
import io.inkflow.simulator.mqtt.PahoExecutor;
import io.inkflow.simulator.mqtt.PrinterLink;
import io.inkflow.simulator.report.MalformedPayloads;
import io.inkflow.simulator.report.ReportCodec;
import io.inkflow.simulator.stats.RunStats;
import io.inkflow.stack.chaos.ReportId;
import io.inkflow.stack.chaos.SystemReader;
import io.inkflow.testkit.KafkaTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's MQTT 5 path against the real gateway over TCP and a real Kafka broker: the
 * reason codes its links receive (PUBACK success, CONNACK 0x86 for a wrong secret, PUBACK 0x99 and
 * 0x87 for reports the gateway rejects), and a faulty fleet speaking MQTT 5 whose every report
 * reaches Kafka without a single error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SimulatorMqtt5IT {
    private static final int SUCCESS = 0x00;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    private static final int PAYLOAD_FORMAT_INVALID = 0x99;
    private static final ModelCatalog CATALOG = ModelCatalog.bundled();

    @TempDir
    static Path dir;

    private final DeviceSecrets secrets = new DeviceSecrets();
    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaTestBroker broker;
    private TelemetryGateway gateway;
    private PahoExecutor paho;
    private LinkFactory links;
    private Fleet fleet;
    private FleetPrinter single;
    private final List<PrinterLink> opened = new ArrayList<>();

    @BeforeAll
    void startBrokerAndGateway() {
        fleet = fleet(6);
        single = printer(new FleetPlan.PlannedPrinter(99, "MQTT5-SINGLE", "imageclass-mf445dw",
                fleet.printers().getFirst().channel()));
        broker = KafkaTestBroker.start(dir.resolve("kafka"));
        broker.createInkflowTopics(2);
        List<FleetPrinter> all = new ArrayList<>(fleet.printers());
        all.add(single);
        publishCredentials(all);
        gateway = TelemetryGateway.start(GatewayConfig.fromEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "GATEWAY_BIND_HOST", "127.0.0.1",
                "GATEWAY_MQTT_PORT", "0",
                "GATEWAY_HTTP_PORT", "0")));
        // Ready once the gateway has read every credential.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> readiness() == 200);
        paho = PahoExecutor.create();
        links = new LinkFactory(mqtt5(), paho);
    }

    @AfterAll
    void stop() {
        opened.forEach(link -> {
            link.disconnect();
            link.close();
        });
        if (paho != null) {
            paho.shutdownNow();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aReportIsAcknowledgedWithReasonCodeSuccessAndIsInKafka() throws Exception {
        PrinterLink link = connected(single, single.deviceSecret());
        TelemetryReport report = report(single, 1);

        assertThat(publish(link, ReportCodec.topic(single.serial()), ReportCodec.encode(report))).isEqualTo(SUCCESS);

        assertThat(kafka().telemetry().reports())
                .contains(new ReportId(single.serial(), report.bootEpoch(), report.sequence()));
    }

    @Test
    void aWrongSecretIsRefusedWithConnackBadUserNameOrPassword() throws Exception {
        PrinterLink link = open(single.serial() + "-intruder");

        ConnectResult result = connect(link, single, "wrong-" + single.deviceSecret()).get(30, TimeUnit.SECONDS);

        assertThat(result.connected()).isFalse();
        assertThat(result.notAuthorized()).isTrue();
        assertThat(result.cause()).isInstanceOf(MqttException.class);
        assertThat(((MqttException) result.cause()).getReasonCode()).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void reportsTheGatewayRejectsAreAcknowledgedWithTheirReasonCodesAndTheConnectionStays() throws Exception {
        FleetPrinter victim = fleet.printers().get(1);
        PrinterLink link = connected(single, single.deviceSecret());
        TelemetryReport valid = report(single, 2);
        String ownTopic = ReportCodec.topic(single.serial());

        byte[] notJson = MalformedPayloads.build(MalformedPayloads.Variant.NOT_JSON, valid);
        assertThat(publish(link, ownTopic, notJson)).isEqualTo(PAYLOAD_FORMAT_INVALID);
        byte[] levelOver100 = MalformedPayloads.build(MalformedPayloads.Variant.LEVEL_OVER_100, valid);
        assertThat(publish(link, ownTopic, levelOver100)).isEqualTo(PAYLOAD_FORMAT_INVALID);
        byte[] othersReport = ReportCodec.encode(report(victim, 1));
        assertThat(publish(link, ReportCodec.topic(victim.serial()), othersReport)).isEqualTo(NOT_AUTHORIZED);
        assertThat(publish(link, ownTopic, othersReport)).as("another serial inside").isEqualTo(NOT_AUTHORIZED);

        assertThat(publish(link, ownTopic, ReportCodec.encode(valid))).isEqualTo(SUCCESS);
    }

    @Test
    void aFaultyFleetSpeakingMqtt5GetsEveryReportIntoKafkaWithoutErrors() throws Exception {
        FaultRates faults = FaultRates.none()
                .with(FaultKind.DUP_REDELIVERY, 0.1)
                .with(FaultKind.RESEND, 0.1)
                .with(FaultKind.REORDER, 0.1)
                .with(FaultKind.MALFORMED_PAYLOAD, 0.05)
                .with(FaultKind.WRONG_TOPIC, 0.05)
                .with(FaultKind.WRONG_CREDENTIAL, 0.02)
                .with(FaultKind.CLOCK_SKEW, 0.3);
        RunOptions options = RunOptions.builder(mqtt5())
                .simDuration(Duration.ofDays(20))
                .speed(Duration.ofDays(20).toSeconds() / 15.0)
                .tick(Duration.ofMillis(20))
                .minReportGap(Duration.ZERO)
                .connectRate(1000)
                .fleet(new FleetOptions(3.0, 10, 0.05, 0.2, Duration.ofDays(1), 0.0))
                .faults(faults)
                .drainTimeout(Duration.ofSeconds(60))
                .build();

        RunningFleet running = FleetRunner.start(fleet, options);
        try (running) {
            assertThat(running.awaitCompletion(Duration.ofMinutes(2))).as("fleet run completes").isTrue();
        }
        RunStats stats = running.stats(); // as the run ended, unacknowledged reports included

        assertThat(stats.reportsGenerated()).isPositive();
        assertThat(stats.pendingReports()).as(stats.toString()).isZero();
        assertThat(stats.reportsAcked()).isEqualTo(stats.reportsGenerated());
        assertThat(stats.errorsByKind()).as("no errors of any kind, rejected PUBACKs included")
                .allSatisfy((kind, count) -> assertThat(count).as(kind.name()).isZero());
        assertThat(stats.faultsInjected()).containsKeys(FaultKind.DUP_REDELIVERY, FaultKind.MALFORMED_PAYLOAD,
                FaultKind.WRONG_TOPIC);
        Set<String> serials = fleet.printers().stream().map(FleetPrinter::serial).collect(Collectors.toSet());
        long inKafka = kafka().telemetry().reports().stream().filter(id -> serials.contains(id.serial())).count();
        assertThat(inKafka).as("distinct reports of the fleet in " + Topics.TELEMETRY)
                .isEqualTo(stats.reportsGenerated());
    }

    private record ConnectResult(boolean connected, Throwable cause, boolean notAuthorized) {
    }

    private PrinterLink open(String clientId) {
        PrinterLink link = links.create(clientId);
        opened.add(link);
        return link;
    }

    private static CompletableFuture<ConnectResult> connect(PrinterLink link, FleetPrinter printer, String secret) {
        CompletableFuture<ConnectResult> result = new CompletableFuture<>();
        link.connect(printer.serial(), secret.getBytes(StandardCharsets.UTF_8), new PrinterLink.ConnectOutcome() {
            @Override
            public void connected() {
                result.complete(new ConnectResult(true, null, false));
            }

            @Override
            public void failed(Throwable cause, boolean notAuthorized) {
                result.complete(new ConnectResult(false, cause, notAuthorized));
            }
        }, cause -> { });
        return result;
    }

    private PrinterLink connected(FleetPrinter printer, String secret) throws Exception {
        PrinterLink link = open(printer.serial());
        assertThat(connect(link, printer, secret).get(30, TimeUnit.SECONDS).connected()).isTrue();
        return link;
    }

    /** Publishes at QoS 1 and returns the PUBACK's reason code. */
    private static int publish(PrinterLink link, String topic, byte[] payload) throws Exception {
        CompletableFuture<Integer> reasonCode = new CompletableFuture<>();
        link.publish(topic, payload, false, new PrinterLink.PublishOutcome() {
            @Override
            public void acked(int code) {
                reasonCode.complete(code);
            }

            @Override
            public void failed(Throwable cause) {
                reasonCode.completeExceptionally(cause);
            }
        });
        return reasonCode.get(30, TimeUnit.SECONDS);
    }

    private static TelemetryReport report(FleetPrinter printer, long sequence) {
        Instant now = Instant.now();
        VirtualPrinter model = new VirtualPrinter(7, printer, CATALOG.find(printer.model()).orElseThrow(),
                FleetOptions.defaults(), now.minus(Duration.ofDays(1)));
        TelemetryReport next = model.nextReport(now, now);
        return new TelemetryReport(next.serial(), next.model(), next.bootEpoch(), sequence, next.timestamp(),
                next.pageCount(), next.supplies());
    }

    private MqttSettings mqtt5() {
        return MqttSettings.plain("127.0.0.1", gateway.mqttPort()).withVersion(MqttVersion.V5);
    }

    private Fleet fleet(int printers) {
        List<FleetPrinter> all = FleetPlan.plan(CATALOG, 5, printers, "MQTT5", Map.of(), 0.2).stream()
                .map(this::printer).toList();
        return new Fleet(5, "http://127.0.0.1:1", Instant.now(), all);
    }

    private FleetPrinter printer(FleetPlan.PlannedPrinter planned) {
        return new FleetPrinter(planned.serial(), planned.model(), planned.channel(), "acct-" + planned.index(),
                "token-" + planned.index(), "enr-" + planned.serial(), secrets.newSecret());
    }

    /** Each printer's credential as the dispatcher's outbox would publish it. */
    private void publishCredentials(List<FleetPrinter> printers) {
        JsonSerde<DeviceCredential> serde = JsonSerde.of(DeviceCredential.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (FleetPrinter printer : printers) {
                DeviceCredential credential = new DeviceCredential(printer.serial(),
                        secrets.hash(printer.deviceSecret()), CredentialStatus.ACTIVE, Instant.now());
                producer.send(new ProducerRecord<>(Topics.CREDENTIALS, printer.serial(),
                        serde.serialize(Topics.CREDENTIALS, credential)));
            }
            producer.flush();
        }
    }

    /** Only Kafka is read here; there is no database. */
    private SystemReader kafka() {
        return new SystemReader(broker.bootstrapServers(), null);
    }

    private int readiness() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.httpPort() + "/health/ready")).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
