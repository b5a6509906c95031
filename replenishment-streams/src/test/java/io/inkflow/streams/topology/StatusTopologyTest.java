package io.inkflow.streams.topology;

import static io.inkflow.streams.topology.TopologyFixture.START;
import static io.inkflow.streams.topology.TopologyFixture.supply;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.PrinterStatus;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.streams.policy.StatusPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rate-limited printer status feed (printer.status.v1) on the production topology. */
class StatusTopologyTest {
    @TempDir
    Path stateDir;
    TopologyFixture fx;
    TopologyFixture.Printer printer;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(stateDir, Map.of("STREAMS_STATUS_MIN_INTERVAL_SECONDS", "60",
                "STREAMS_STATUS_HEARTBEAT_MINUTES", "30"));
        printer = fx.printer("MF445-9", "imageclass-mf445dw");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void firstReportUnderAnEnrollmentIsPublishedAtOnceWithItsEnrollmentAndLevels() {
        fx.enroll("MF445-9", "imageclass-mf445dw", "enr-9");
        TelemetryReport report = printer.send(1, 1, at(0), supply("K", 55));

        TestRecord<String, PrinterStatus> record = fx.status.readRecord();
        assertThat(record.key()).isEqualTo("MF445-9");
        PrinterStatus status = record.value();
        assertThat(status.enrollmentId()).isEqualTo("enr-9");
        assertThat(status.accountId()).isEqualTo("acct-enr-9");
        assertThat(status.model()).isEqualTo("imageclass-mf445dw");
        assertThat(status.reportedAt()).isEqualTo(at(0));
        assertThat(status.printerTime()).isEqualTo(report.timestamp());
        assertThat(status.supplies()).containsExactly(supply("K", 55));
        assertThat(fx.registry.find("streams.status.published").counter().count()).isEqualTo(1.0);
    }

    @Test
    void changesWithinTheMinimumIntervalAreHeldBackUntilTheNextReportAfterIt() {
        fx.enroll("MF445-9", "imageclass-mf445dw", "enr-9");
        printer.send(1, 1, at(0), supply("K", 55));
        printer.send(1, 2, at(20), supply("K", 54)); // changed, 20 s later: held back
        printer.send(1, 3, at(40), supply("K", 54));
        printer.send(1, 4, at(70), supply("K", 54)); // unchanged since the held-back change, but due now

        assertThat(levels(fx.status.readValuesToList())).containsExactly(55, 54);
    }

    @Test
    void unchangedLevelsArePublishedOnlyAsAHeartbeat() {
        fx.enroll("MF445-9", "imageclass-mf445dw", "enr-9");
        for (int minute = 0; minute <= 60; minute += 5) {
            printer.send(1, minute + 1, at(minute * 60L), supply("K", 55));
        }

        List<PrinterStatus> published = fx.status.readValuesToList();
        assertThat(published).extracting(PrinterStatus::reportedAt).containsExactly(at(0), at(30 * 60), at(60 * 60));
    }

    @Test
    void aNewEnrollmentPublishesItsFirstReportAtOnce() {
        fx.enroll("MF445-9", "imageclass-mf445dw", "enr-old");
        printer.send(1, 1, at(0), supply("K", 55));
        fx.enroll("MF445-9", "imageclass-mf445dw", "enr-new", io.inkflow.schemas.EnrollmentStatus.ACTIVE, at(5));
        printer.send(1, 2, at(10), supply("K", 55));

        assertThat(fx.status.readValuesToList()).extracting(PrinterStatus::enrollmentId)
                .containsExactly("enr-old", "enr-new");
    }

    @Test
    void aPrinterWithoutEnrollmentIsPublishedWithoutOneAndDuplicatesPublishNothing() {
        TelemetryReport report = printer.send(1, 1, at(0), supply("K", 55));
        printer.resend(report);
        printer.send(1, 1, at(90), supply("K", 10)); // the same sequence again: dropped by dedup

        List<PrinterStatus> published = fx.status.readValuesToList();
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().enrollmentId()).isNull();
        assertThat(published.getFirst().accountId()).isNull();
    }

    @Test
    void statusMarksSurviveTheirBinaryForm() {
        StatusMarkSerde serde = new StatusMarkSerde();
        StatusPolicy.Mark mark = new StatusPolicy.Mark("enr-1", Instant.ofEpochMilli(1_700_000_000_123L), -7L);
        StatusPolicy.Mark none = new StatusPolicy.Mark(null, Instant.ofEpochMilli(5), 0L);

        assertThat(serde.deserialize("t", serde.serialize("t", mark))).isEqualTo(mark);
        assertThat(serde.deserialize("t", serde.serialize("t", none))).isEqualTo(none);
        assertThat(serde.serialize("t", null)).isNull();
    }

    private static Instant at(long seconds) {
        return START.plus(Duration.ofHours(1)).plusSeconds(seconds);
    }

    private static List<Integer> levels(List<PrinterStatus> statuses) {
        return statuses.stream().map(s -> s.supplies().getFirst().remainingPercent()).toList();
    }
}
