package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    @Test
    void readsBusyIdleAndStolenTicksFromTheSummaryLine() {
        ProcessCpu.MachineTicks ticks = ProcessCpu.MachineTicks.parse("""
                cpu  100 2 30 500 40 5 6 7 0 0
                cpu0 50 1 15 250 20 2 3 3 0 0
                """);

        assertThat(ticks).isEqualTo(new ProcessCpu.MachineTicks(100 + 2 + 30 + 5 + 6, 500 + 40, 7));
        assertThatThrownBy(() -> ProcessCpu.MachineTicks.parse("intr 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intr 1 2 3");
    }

    @Test
    void usageIsCpuSecondsPerSecondPerProcessAndTheMachinesShareOfItsCores() {
        ProcessCpu.Sample from = new ProcessCpu.Sample(10_000, Map.of("gateway", Duration.ofMillis(1_000),
                "streams", Duration.ofMillis(500)), new ProcessCpu.MachineTicks(1_000, 1_000, 0));
        ProcessCpu.Sample to = new ProcessCpu.Sample(12_000, Map.of("gateway", Duration.ofMillis(1_600),
                "streams", Duration.ofMillis(1_500), "dispatcher", Duration.ofMillis(9_000)),
                new ProcessCpu.MachineTicks(1_300, 1_080, 20));

        ProcessCpu.Usage usage = ProcessCpu.Usage.between(from, to, 2).orElseThrow();

        assertThat(usage.seconds()).isEqualTo(2.0);
        // the dispatcher has no earlier figure (it started between the samples), so it cannot be told
        assertThat(usage.cores()).containsOnlyKeys("gateway", "streams");
        assertThat(usage.cores().get("gateway")).isCloseTo(0.3, within(1e-9));
        assertThat(usage.cores().get("streams")).isCloseTo(0.5, within(1e-9));
        assertThat(usage.named()).isCloseTo(0.8, within(1e-9));
        assertThat(usage.machineBusy()).isCloseTo(2 * 300 / 400.0, within(1e-9));
        assertThat(usage.machineSteal()).isCloseTo(2 * 20 / 400.0, within(1e-9));
    }

    @Test
    void withinUsesTheFirstAndLastSampleOfTheWindowAndNeedsTwo() {
        ProcessCpu.Sample before = sample(1_000, 0);
        ProcessCpu.Sample first = sample(2_000, 100);
        ProcessCpu.Sample last = sample(5_000, 1_600);
        ProcessCpu.Sample after = sample(6_000, 9_000);

        ProcessCpu.Usage usage = ProcessCpu.Usage.within(List.of(before, first, last, after), 1_500, 5_500, 2)
                .orElseThrow();

        assertThat(usage.seconds()).isEqualTo(3.0);
        assertThat(usage.cores().get("gateway")).isCloseTo(0.5, within(1e-9));
        assertThat(ProcessCpu.Usage.within(List.of(before, first, after), 1_500, 5_500, 2)).isEmpty();
    }

    @Test
    void countsTheChildrenOfAProcessAndTheBenchmarksOwnJvm() throws Exception {
        // A parent that only waits, and a child that does about a quarter of a second of work and then sleeps:
        // the parent's figure grows only if its children are counted to it.
        Process parent = new ProcessBuilder("sh", "-c",
                "sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; sleep 60' & wait").start();
        try {
            ProcessCpu cpu = new ProcessCpu(() -> Map.of("postgres", parent.pid()));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(cpu.sample().byProcess().get("postgres")).isGreaterThan(Duration.ofMillis(150)));
            assertThat(parent.info().totalCpuDuration().orElseThrow()).isLessThan(Duration.ofMillis(100));
            assertThat(cpu.sample().byProcess().get(ProcessCpu.HARNESS)).isPositive();
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly().waitFor();
        }
    }

    private static ProcessCpu.Sample sample(long at, long gatewayMillis) {
        return new ProcessCpu.Sample(at, Map.of("gateway", Duration.ofMillis(gatewayMillis)),
                new ProcessCpu.MachineTicks(at, at, 0));
    }
}
