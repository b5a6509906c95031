package io.inkflow.stack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutageAuditTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void passesWhenTheSameGatewayAnsweredThroughoutWithinItsInflightLimit() {
        OutageAudit.Observation seen = new OutageAudit.Observation(60, 0, true, 20, 640, 32, 40 * MIB, 90 * MIB, 3, 250);

        CheckResult result = OutageAudit.check(List.of(seen), 1);

        assertThat(result.passed()).isTrue();
        assertThat(result.figures()).contains("60 readings, 0 unanswered", "640 reports for Kafka",
                "3 sends blocked an event loop, 250 refused at once", "at most 90 MiB");
    }

    @Test
    void failsOnMoreReportsHeldThanAllowedASilentGatewayANewProcessOrStalledEventLoops() {
        List<OutageAudit.Observation> outages = List.of(
                new OutageAudit.Observation(60, 0, true, 20, 641, 32, MIB, MIB, 0, 0),
                new OutageAudit.Observation(60, 3, true, 20, 10, 32, MIB, MIB, 0, 0),
                new OutageAudit.Observation(60, 0, false, 20, 10, 32, MIB, MIB, 0, 0),
                new OutageAudit.Observation(60, 0, true, 20, 10, 32, MIB, MIB, OutageAudit.BLOCKED_SENDS_LIMIT + 1, 0),
                new OutageAudit.Observation(60, 0, true, 20, 10, 32, MIB, MIB, -1, -1));

        CheckResult result = OutageAudit.check(outages, 5);

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).hasSize(5);
    }

    @Test
    void failsWhenAPlannedOutageWasNotObserved() {
        assertThat(OutageAudit.check(List.of(), 1).passed()).isFalse();
        assertThat(OutageAudit.check(List.of(), 0).passed()).isTrue();
    }

    @Test
    void readsConnectionsInflightAndHeapFromTheGatewaysMetrics() {
        String metrics = """
                # HELP gateway_connections
                gateway_connections 20.0
                gateway_inflight 7.0
                gateway_kafka_sends_blocked_total 2.0
                gateway_kafka_sends_refused_total 40.0
                jvm_memory_used_bytes{area="heap",id="Eden Space"} 1000.0
                jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 2000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5000.0
                """;

        assertThat(GatewayProbe.parse(metrics)).isEqualTo(new GatewayProbe.Sample(20, 7, 3000, 2, 40));
    }
}
