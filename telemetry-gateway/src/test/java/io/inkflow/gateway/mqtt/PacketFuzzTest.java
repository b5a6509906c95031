package io.inkflow.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.inkflow.gateway.GatewayConfig;
import io.inkflow.gateway.ingest.ReportValidator;
import io.inkflow.gateway.ingest.Verdict;
import io.inkflow.gateway.metrics.CloseReason;
import io.inkflow.gateway.testing.ControllableSink;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.TelemetryReport;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * Fuzzes the packet and payload path. In the normal build Jazzer runs in regression mode: the
 * committed seeds under {@code src/test/resources/io/inkflow/gateway/mqtt/PacketFuzzTestInputs}
 * are replayed. {@code JAZZER_FUZZ=1} turns a run into real fuzzing (see the README).
 */
class PacketFuzzTest {
    private static final String SERIAL = "FUZZ-0001";
    private static final ReportValidator VALIDATOR = new ReportValidator(new SchemaValidator(), Clock.systemUTC(),
            4096, Duration.ofMinutes(10));

    /**
     * Arbitrary bytes after a valid CONNECT (the first byte picks 3.1.1 or 5, and whether to
     * connect at all) never reach the "unexpected error" path: every input ends as a protocol
     * outcome, and a report either reached the sink or the connection said why not.
     */
    @FuzzTest(maxDuration = "30s")
    void anyBytesEndAsAProtocolOutcome(byte[] data) {
        if (data.length == 0) {
            return;
        }
        ControllableSink sink = new ControllableSink();
        try (GatewayHarness gateway = new GatewayHarness(sink, false,
                new GatewayConfig.Limits(4096, 2048, Duration.ofSeconds(5), 4, 1000, 1000))) {
            int mode = data[0] & 0x03;
            if (mode != 0) {
                MqttVersion version = mode == 1 ? MqttVersion.MQTT_3_1_1 : MqttVersion.MQTT_5;
                gateway.speak(version).send(Packets.connect(version, "fuzz", 30));
            }
            gateway.channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(data, 1, data.length)));
            gateway.channel.runPendingTasks();
            gateway.replies();
            gateway.channel.checkException();
            assertThat(gateway.closed(CloseReason.ERROR)).isZero();
        }
    }

    /** Any payload is accepted or rejected with a specific reason; accepted ones are real reports. */
    @FuzzTest(maxDuration = "30s")
    void anyPayloadIsAcceptedOrRejectedWithAReason(byte[] payload) throws Exception {
        Verdict verdict = VALIDATOR.validate(payload, SERIAL);
        switch (verdict) {
            case Verdict.Rejected rejected -> assertThat(rejected.reason()).isNotEqualTo(RejectionReason.PROCESSING_ERROR);
            case Verdict.Accepted accepted -> {
                TelemetryReport report = Json.mapper().readValue(payload, TelemetryReport.class);
                assertThat(report.serial()).isEqualTo(SERIAL);
                assertThat(report.supplies()).allSatisfy(s -> assertThat(s.remainingPercent()).isBetween(0, 100));
            }
        }
    }
}
