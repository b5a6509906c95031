package io.inkflow.stack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutageAuditTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void passesWhenTheSameGatewayAnsweredThroughoutWithinItsInflightLimit() {
        OutageAudit.Observation seen = new OutageAudit.Observation(60, 0, true, 20, 640, 32, 40 * MIB, 90 * MIB);

        CheckResult result = OutageAudit.check(List.of(seen), 1);

        assertThat(result.passed()).isTrue();
        assertThat(result.figures()).contains("60 readings, 0 unanswered", "640 reports for Kafka", "at most 90 MiB");
    }

    @Test
    void failsOnMoreReportsHeldThanTheConnectionsMayHoldASilentGatewayOrANewProcess() {
        List<OutageAudit.Observation> outages = List.of(
                new OutageAudit.Observation(60, 0, true, 20, 641, 32, MIB, MIB),
                new OutageAudit.Observation(60, 3, true, 20, 10, 32, MIB, MIB),
                new OutageAudit.Observation(60, 0, false, 20, 10, 32, MIB, MIB));

        CheckResult result = OutageAudit.check(outages, 3);

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).hasSize(3);
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
                jvm_memory_used_bytes{area="heap",id="Eden Space"} 1000.0
                jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 2000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5000.0
                """;

        assertThat(GatewayProbe.parse(metrics)).isEqualTo(new GatewayProbe.Sample(20, 7, 3000));
    }
}
