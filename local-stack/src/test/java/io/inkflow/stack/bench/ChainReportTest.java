package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.simulator.stats.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainReportTest {
    private static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0, 0);

    @Test
    void cpuLineGivesCoresAndMillisecondsPerAcknowledgedReportPerProcessInTheirOrder() {
        ChainBenchmark.StepResult step = step(1000, 1000, usage(Map.of(), 0.25, 0.10));

        assertThat(ChainReport.cpuLine(step)).isEqualTo("CPU while publishing at 1000/s, cores (CPU ms per report): "
                + "kafka 0.27 (0.270), gateway 0.20 (0.200), harness 0.18 (0.180); these together 0.65; "
                + "the machine 0.25 busy, 0.10 stolen");
    }

    @Test
    void cpuLineSaysWhenTheStepHadTooFewSamples() {
        assertThat(ChainReport.cpuLine(step(2000, 1990, Optional.empty())))
                .isEqualTo("CPU while publishing at 2000/s: fewer than two samples, not measured");
    }

    @Test
    void cpuTableHasAColumnPerProcessOfTheFirstMeasuredStepAndADashWhereOneIsMissing() {
        // the first step was not measured; at the third the gateway had no earlier sample (it was restarted)
        List<String> table = ChainReport.cpuTable(List.of(
                step(1000, 1000, Optional.empty()),
                step(2000, 2000, usage(Map.of(), 1.5, 0.0)),
                step(3000, 2500, usage(Map.of("gateway", 0.0), 1.9, 0.05))));

        assertThat(table).containsExactly(
                "",
                "| offered/s | kafka cores (ms per report) | gateway cores (ms per report) "
                        + "| harness cores (ms per report) | these together | machine busy | stolen |",
                "|---|---|---|---|---|---|---|",
                "| 2000 | 0.27 (0.135) | 0.20 (0.100) | 0.18 (0.090) | 0.65 | 1.50 | 0.00 |",
                "| 3000 | 0.27 (0.108) | - | 0.18 (0.072) | 0.45 | 1.90 | 0.05 |");
    }

    @Test
    void noMeasuredStepMeansNoTable() {
        assertThat(ChainReport.cpuTable(List.of(step(1000, 1000, Optional.empty())))).isEmpty();
    }

    @Test
    void aStepWithNoAcknowledgedReportsHasNoCostPerReport() {
        assertThat(ChainReport.cpuLine(step(1000, 0, usage(Map.of(), 0.5, 0.0)))).contains("kafka 0.27 (NaN)");
    }

    @Test
    void kafkaRequestsLineGivesEachClientsRateAndAllTogetherPerAcknowledgedReport() {
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("gateway producer-1", 412.25);
        rates.put("streams StreamThread-1-consumer", 48.0);
        ChainBenchmark.StepResult step = step(1000, 800, Optional.empty(), Optional.of(rates));

        assertThat(ChainReport.kafkaRequestsLine(step)).isEqualTo("Kafka requests/s while publishing at 1000/s, "
                + "by client: gateway producer-1 412.3, streams StreamThread-1-consumer 48.0; all together 460 "
                + "(0.58 per acknowledged report)");
        assertThat(ChainReport.kafkaRequestsLine(step(1000, 800, Optional.empty(), Optional.empty())))
                .isEqualTo("Kafka requests/s while publishing at 1000/s: fewer than two samples, not measured");
    }

    @Test
    void fulfilmentLineGivesOrdersFulfilledBesideStoredPerSecondAndTheBacklog() {
        assertThat(ChainReport.fulfilmentLine(step(3000, 3000, Optional.empty()))).isEqualTo("fulfilment while "
                + "publishing at 3000/s: 236 orders shipped or forwarded/s (297 stored/s); 12,345 orders waiting to be "
                + "charged or shipped when the step's orders were all stored");
    }

    private static ChainBenchmark.StepResult step(int offered, double acked, Optional<ProcessCpu.Usage> cpu) {
        return step(offered, acked, cpu, Optional.empty());
    }

    private static ChainBenchmark.StepResult step(int offered, double acked, Optional<ProcessCpu.Usage> cpu,
                                                  Optional<Map<String, Double>> requests) {
        RateStep rate = new RateStep(offered, acked, List.of(0L, 0L), 0, 0, 0);
        return new ChainBenchmark.StepResult(rate, 297.4, NONE,
                new HopTimings(Instant.parse("2026-12-03T06:00:00Z"), Duration.ofSeconds(10)), List.of(), cpu,
                requests, List.of(), List.of(), new ChainBenchmark.Fulfilment(235.6, 12_345));
    }

    /** kafka 0.27, gateway 0.20 and harness 0.18 cores, in that order; a name mapped to 0.0 is left out. */
    private static Optional<ProcessCpu.Usage> usage(Map<String, Double> without, double busy, double steal) {
        Map<String, Double> cores = new LinkedHashMap<>();
        cores.put("kafka", 0.27);
        cores.put("gateway", 0.20);
        cores.put("harness", 0.18);
        cores.keySet().removeAll(without.keySet());
        return Optional.of(new ProcessCpu.Usage(60, cores, busy, steal));
    }
}
