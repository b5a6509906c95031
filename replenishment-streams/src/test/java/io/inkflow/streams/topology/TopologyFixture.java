package io.inkflow.streams.topology;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.EnrollmentStatus;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.PrinterStatus;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.Topics;
import io.inkflow.streams.StreamsConfig;
import io.inkflow.streams.runtime.KafkaStreamsProperties;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The production topology in a {@link TopologyTestDriver} with the production properties (exactly
 * once, exception handlers), the bundled catalog loaded, and helpers that speak in printers and slots.
 */
final class TopologyFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-02T08:00:00Z"); // a Monday

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final TestInputTopic<String, TelemetryReport> telemetry;
    final TestInputTopic<String, byte[]> telemetryBytes;
    final TestInputTopic<String, Enrollment> enrollments;
    final TestInputTopic<String, CatalogEntry> catalog;
    final TestOutputTopic<String, ReplenishmentOrder> orders;
    final TestOutputTopic<String, SupplyEvent> supplyEvents;
    final TestOutputTopic<String, RejectedRecord> rejected;
    final TestOutputTopic<String, PrinterStatus> status;

    TopologyFixture(Path stateDir, Map<String, String> env) {
        this(stateDir, env, org.apache.kafka.streams.StreamsConfig.EXACTLY_ONCE_V2);
    }

    /**
     * {@code guarantee} other than exactly-once exists for one reason: TopologyTestDriver 4.3 drops the
     * dead-letter records a deserialization handler returns when exactly-once is on (the real client
     * sends them in the transaction; RejectedRecordsIT checks that on a broker).
     */
    TopologyFixture(Path stateDir, Map<String, String> env, String guarantee) {
        Map<String, String> all = new HashMap<>(env);
        all.put("STREAMS_STATE_DIR", stateDir.toString());
        all.putIfAbsent("STREAMS_FORECAST_ENABLED", "false");
        all.putIfAbsent("STREAMS_CONSOLIDATION_WINDOW_BUSINESS_DAYS", "0"); // the tests that consolidate say so
        StreamsConfig config = StreamsConfig.fromEnv(all);
        ReplenishmentMetrics metrics = new ReplenishmentMetrics(registry);
        Properties props = KafkaStreamsProperties.of(config, metrics, Clock.fixed(START, ZoneOffset.UTC));
        props.put(org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        driver = new TopologyTestDriver(ReplenishmentTopology.build(config, metrics), props, START);
        var strings = Serdes.String();
        telemetry = driver.createInputTopic(Topics.TELEMETRY, strings.serializer(),
                JsonSerde.of(TelemetryReport.class).serializer());
        telemetryBytes = driver.createInputTopic(Topics.TELEMETRY, strings.serializer(), Serdes.ByteArray().serializer());
        enrollments = driver.createInputTopic(Topics.ENROLLMENTS, strings.serializer(),
                JsonSerde.of(Enrollment.class).serializer());
        catalog = driver.createInputTopic(Topics.MODEL_CATALOG, strings.serializer(),
                JsonSerde.of(CatalogEntry.class).serializer());
        orders = driver.createOutputTopic(Topics.ORDERS, strings.deserializer(),
                JsonSerde.of(ReplenishmentOrder.class).deserializer());
        supplyEvents = driver.createOutputTopic(Topics.SUPPLY_EVENTS, strings.deserializer(),
                JsonSerde.of(SupplyEvent.class).deserializer());
        rejected = driver.createOutputTopic(Topics.TELEMETRY_REJECTED, strings.deserializer(),
                JsonSerde.of(RejectedRecord.class).deserializer());
        status = driver.createOutputTopic(Topics.PRINTER_STATUS, strings.deserializer(),
                JsonSerde.of(PrinterStatus.class).deserializer());
        for (CatalogEntry entry : ModelCatalog.bundled().entries()) {
            catalog.pipeInput(entry.model(), entry, START);
        }
    }

    TopologyFixture(Path stateDir) {
        this(stateDir, Map.of());
    }

    Enrollment enroll(String serial, String model, String enrollmentId, EnrollmentStatus status, Instant at) {
        Enrollment enrollment = new Enrollment(enrollmentId, serial, model, "acct-" + enrollmentId, Channel.CANON,
                status, at);
        enrollments.pipeInput(serial, enrollment, at);
        return enrollment;
    }

    Enrollment enroll(String serial, String model, String enrollmentId) {
        return enroll(serial, model, enrollmentId, EnrollmentStatus.ACTIVE, START);
    }

    Printer printer(String serial, String model) {
        return new Printer(serial, model);
    }

    static SupplyLevel supply(String slot, int level) {
        return new SupplyLevel(slot, "SKU-" + slot, slot.toLowerCase(), level, true, slot + "-cart-1");
    }

    static SupplyLevel supply(String slot, int level, String cartridgeId, boolean genuine) {
        return new SupplyLevel(slot, "SKU-" + slot, slot.toLowerCase(), level, genuine, cartridgeId);
    }

    /** The sum over every counter of that name carrying the tag value. */
    double counter(String name, String tag, String value) {
        return registry.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        driver.close();
    }

    /** A virtual printer: numbers its reports and moves its own time forward one hour per report. */
    final class Printer {
        final String serial;
        final String model;
        long bootEpoch = 1;
        long sequence = 0;
        Instant time = START;

        Printer(String serial, String model) {
            this.serial = serial;
            this.model = model;
        }

        TelemetryReport report(SupplyLevel... supplies) {
            sequence++;
            time = time.plus(Duration.ofHours(1));
            return send(bootEpoch, sequence, time, supplies);
        }

        TelemetryReport send(long epoch, long seq, Instant at, SupplyLevel... supplies) {
            TelemetryReport report = new TelemetryReport(serial, model, epoch, seq, at, 1000 + seq, List.of(supplies));
            telemetry.pipeInput(serial, report, at);
            return report;
        }

        /** Sends the exact report again, as MQTT redelivery or a gateway retry would. */
        void resend(TelemetryReport report) {
            telemetry.pipeInput(serial, report, report.timestamp());
        }
    }
}
