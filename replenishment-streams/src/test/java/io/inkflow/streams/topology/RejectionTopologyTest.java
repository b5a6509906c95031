package io.inkflow.streams.topology;

import static io.inkflow.streams.topology.TopologyFixture.START;
import static io.inkflow.streams.topology.TopologyFixture.supply;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectionTopologyTest {
    @TempDir
    Path stateDir;
    TopologyFixture fx;
    TopologyFixture.Printer printer;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(stateDir);
        fx.enroll("MF445-1", "imageclass-mf445dw", "enr-1");
        printer = fx.printer("MF445-1", "imageclass-mf445dw");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void unreadableReportIsRejectedAndProcessingContinues() {
        fx.close();
        fx = new TopologyFixture(stateDir.resolve("alos"), Map.of(), StreamsConfig.AT_LEAST_ONCE);
        fx.enroll("MF445-1", "imageclass-mf445dw", "enr-1");
        printer = fx.printer("MF445-1", "imageclass-mf445dw");

        byte[] garbage = "{\"serial\":\"MF445-1\",".getBytes(StandardCharsets.UTF_8);
        fx.telemetryBytes.pipeInput("MF445-1", garbage, START);
        printer.report(supply("K", 5));

        RejectedRecord rejected = fx.rejected.readValue();
        assertThat(rejected.reason()).isEqualTo(RejectionReason.DESERIALIZATION_ERROR);
        assertThat(rejected.source()).isEqualTo("replenishment-streams");
        assertThat(rejected.serial()).isEqualTo("MF445-1");
        assertThat(rejected.origin()).startsWith(Topics.TELEMETRY + "-0@");
        assertThat(Base64.getDecoder().decode(rejected.payloadBase64())).isEqualTo(garbage);
        assertThat(fx.orders.readValuesToList()).hasSize(1);
        assertThat(fx.counter("streams.records.rejected", "reason", "DESERIALIZATION_ERROR")).isEqualTo(1.0);
    }

    @Test
    void levelOutOfRangeIsRejected() {
        fx.close();
        fx = new TopologyFixture(stateDir.resolve("alos"), Map.of(), StreamsConfig.AT_LEAST_ONCE);

        String json = """
                {"serial":"MF445-1","model":"imageclass-mf445dw","bootEpoch":1,"sequence":1,
                 "timestamp":"2026-03-02T09:00:00Z","pageCount":1,
                 "supplies":[{"slot":"K","sku":"x","colour":"black","remainingPercent":140,"genuine":true,"cartridgeId":"k"}]}
                """;
        fx.telemetryBytes.pipeInput("MF445-1", json.getBytes(StandardCharsets.UTF_8), START);

        assertThat(fx.rejected.readValue().reason()).isEqualTo(RejectionReason.DESERIALIZATION_ERROR);
        assertThat(fx.orders.isEmpty()).isTrue();
    }

    @Test
    void reportThatFailsProcessingIsRejectedAndLeavesNoState() {
        printer.report(supply("K", 5), supply("K", 90)); // one slot twice: ambiguous
        printer.report(supply("K", 6));                  // the next report still orders

        RejectedRecord rejected = fx.rejected.readValue();
        assertThat(rejected.reason()).isEqualTo(RejectionReason.PROCESSING_ERROR);
        assertThat(rejected.detail()).contains("lists slot K twice");
        assertThat(fx.orders.readValuesToList()).singleElement()
                .satisfies(o -> assertThat(o.reportSequence()).isEqualTo(2));
    }

    @Test
    void reportKeyedByAnotherSerialIsRejected() {
        TelemetryReport report = new TelemetryReport("MF445-1", "imageclass-mf445dw", 1, 1, START, 1,
                List.of(supply("K", 5)));
        fx.telemetry.pipeInput("SOMEONE-ELSE", report, START);

        RejectedRecord rejected = fx.rejected.readValue();
        assertThat(rejected.reason()).isEqualTo(RejectionReason.SERIAL_MISMATCH);
        assertThat(rejected.serial()).isEqualTo("SOMEONE-ELSE");
        assertThat(fx.orders.isEmpty()).isTrue();
    }
}
