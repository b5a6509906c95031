package io.inkflow.stack.bench;

import io.inkflow.simulator.stats.Percentiles;
import io.inkflow.stack.chaos.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The whole-chain benchmark's printed figures: Markdown tables, the highest sustained rate, the checks. */
final class ChainReport {
    private ChainReport() {
    }

    static List<String> lines(ChainOptions options, ChainBenchmark.Result result) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "whole chain: %d printers, one report in %d makes an order, %d s per rate "
                        + "after %d s of unmeasured warm-up, %d partitions, streams commit interval %d ms, %d stream thread%s, "
                        + "%s MQTT client, PostgreSQL autovacuum cost delay %d ms, gateway producer linger %s",
                options.printers(), options.orderEvery(), options.stepDuration().toSeconds(),
                options.warmup().toSeconds(), options.partitions(), options.streamsCommitInterval().toMillis(),
                options.streamsThreads(), options.streamsThreads() == 1 ? "" : "s",
                options.client().name().toLowerCase(Locale.ROOT), options.autovacuumDelay().toMillis(),
                options.gatewayLinger().map(linger -> linger.toMillis() + " ms").orElse("the gateway's default")));
        lines.add("| offered/s | acked/s | streams lag at end | lag trend /s | orders/s | PUBACK p99 ms "
                + "| report to order p50 ms | p99 ms | max ms | sustained |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|");
        result.steps().forEach(s -> lines.add(stepLine(s)));
        lines.add("");
        lines.add("| offered/s | PUBACK p50 / p99 ms | gateway to Kafka p50 / p99 ms | streams processing p50 / p99 ms "
                + "| streams commit p50 / p99 ms | dispatcher poll p50 / p99 ms | dispatcher store and commit p50 / p99 ms |");
        lines.add("|---|---|---|---|---|---|---|");
        for (ChainBenchmark.StepResult s : result.steps()) {
            HopTimings hops = s.hops();
            lines.add(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s |", s.step().offeredRate(),
                    hop(s.puback()), hop(hops.gatewayToKafka()), hop(hops.streamsProcessing()),
                    hop(hops.streamsCommit()), hop(hops.dispatcherPoll()), hop(hops.dispatcherStore())));
        }
        lines.addAll(cpuTable(result.steps()));
        for (ChainBenchmark.StepResult s : result.steps()) {
            lines.add(kafkaRequestsLine(s));
            lines.addAll(s.gcPauses());
            lines.addAll(s.details());
            lines.add(fulfilmentLine(s));
            lines.add(windowLine(s));
            s.slowest().forEach(line -> lines.add("slowest at " + s.step().offeredRate() + "/s: " + line));
        }
        lines.add("");
        lines.add(RateStep.highestSustained(result.steps().stream().map(ChainBenchmark.StepResult::step).toList())
                .map(rate -> "highest sustained rate: " + rate + " reports/s")
                .orElse("highest sustained rate: none of the offered rates was sustained"));
        result.checks().forEach(c -> lines.add((c.passed() ? "PASS " : "FAIL ") + c.name() + ": " + c.figures()));
        lines.addAll(result.gcPauses());
        lines.add("load average before: " + result.before() + "; after: " + result.after() + "; processor: "
                + result.processor());
        return lines;
    }

    static String stepLine(ChainBenchmark.StepResult s) {
        RateStep step = s.step();
        RateStep.Verdict verdict = step.verdict();
        Percentiles total = s.hops().reportToOrder();
        return String.format(Locale.ROOT, "| %d | %.0f | %d | %+.0f | %.0f | %.1f | %.0f | %.0f | %.0f | %s |",
                step.offeredRate(), step.ackedPerSecond(), step.endLag(), step.lagGrowthPerSecond(), s.ordersPerSecond(),
                s.puback().p99Millis(), total.p50Millis(), total.p99Millis(), total.maxMillis(),
                verdict.sustained() ? "yes" : "no: " + String.join("; ", verdict.reasons()));
    }

    /** Report-to-order p99 per 10 s of publishing: whether the tail is a burst at the step's start or steady. */
    static String windowLine(ChainBenchmark.StepResult s) {
        return "report to order p99 ms by 10 s of publishing at " + s.step().offeredRate() + "/s: "
                + s.hops().reportToOrderByWindow().stream()
                .map(p -> String.format(Locale.ROOT, "%.0f", p.p99Millis())).collect(Collectors.joining(", "));
    }

    /** The cores each process used while the fleet published, and what one acknowledged report cost it. */
    static String cpuLine(ChainBenchmark.StepResult s) {
        String head = "CPU while publishing at " + s.step().offeredRate() + "/s";
        return s.cpu().map(cpu -> head + ", cores (CPU ms per report): " + cpu.cores().entrySet().stream()
                        .map(e -> e.getKey() + " " + cores(e.getValue(), s.step().ackedPerSecond()))
                        .collect(Collectors.joining(", "))
                        + String.format(Locale.ROOT, "; these together %.2f; the machine %.2f busy, %.2f stolen",
                        cpu.named(), cpu.machineBusy(), cpu.machineSteal()))
                .orElse(head + ": fewer than two samples, not measured");
    }

    /** The requests each Kafka client sent the broker per second while the fleet published, and all together. */
    static String kafkaRequestsLine(ChainBenchmark.StepResult s) {
        String head = "Kafka requests/s while publishing at " + s.step().offeredRate() + "/s";
        return s.kafkaRequests().map(rates -> {
            double all = rates.values().stream().mapToDouble(Double::doubleValue).sum();
            double perReport = s.step().ackedPerSecond() > 0 ? all / s.step().ackedPerSecond() : Double.NaN;
            return head + ", by client: " + rates.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "))
                    + String.format(Locale.ROOT, "; all together %.0f (%.2f per acknowledged report)", all, perReport);
        }).orElse(head + ": fewer than two samples, not measured");
    }

    /** The orders fulfilled per second while the fleet published, beside those stored, and the backlog. */
    static String fulfilmentLine(ChainBenchmark.StepResult s) {
        return String.format(Locale.ROOT, "fulfilment while publishing at %d/s: %.0f orders shipped or forwarded/s "
                        + "(%.0f stored/s); %,d orders waiting to be charged or shipped when the step's orders were "
                        + "all stored",
                s.step().offeredRate(), s.fulfilment().fulfilledPerSecond(), s.ordersPerSecond(),
                s.fulfilment().awaiting());
    }

    /** {@link #cpuLine} as a Markdown table, one column per process, named after the first measured step. */
    static List<String> cpuTable(List<ChainBenchmark.StepResult> steps) {
        List<String> names = steps.stream().flatMap(s -> s.cpu().stream()).findFirst()
                .map(cpu -> List.copyOf(cpu.cores().keySet())).orElse(List.of());
        if (names.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("| offered/s | " + names.stream().map(n -> n + " cores (ms per report)").collect(Collectors.joining(" | "))
                + " | these together | machine busy | stolen |");
        lines.add("|---|" + "---|".repeat(names.size() + 3));
        for (ChainBenchmark.StepResult s : steps) {
            s.cpu().ifPresent(cpu -> lines.add("| " + s.step().offeredRate() + " | " + names.stream()
                    .map(n -> cpu.cores().containsKey(n) ? cores(cpu.cores().get(n), s.step().ackedPerSecond()) : "-")
                    .collect(Collectors.joining(" | "))
                    + String.format(Locale.ROOT, " | %.2f | %.2f | %.2f |", cpu.named(), cpu.machineBusy(),
                    cpu.machineSteal())));
        }
        return lines;
    }

    private static String cores(double cores, double reportsPerSecond) {
        return String.format(Locale.ROOT, "%.2f (%.3f)", cores,
                reportsPerSecond > 0 ? cores * 1000 / reportsPerSecond : Double.NaN);
    }

    static CheckResult telemetryCheck(long acknowledged, long unacknowledged, long topicRecords) {
        return new CheckResult("printer.telemetry.v1 holds exactly the acknowledged reports",
                unacknowledged == 0 && topicRecords == acknowledged,
                String.format(Locale.ROOT, "%,d records in the topic, %,d reports acknowledged, %,d unacknowledged "
                        + "when the fleet closed", topicRecords, acknowledged, unacknowledged), List.of());
    }

    static CheckResult ordersCheck(long expected, long stored) {
        return new CheckResult("the orders table holds exactly the orders the oracle expects", expected == stored,
                String.format(Locale.ROOT, "%,d rows in orders, %,d orders expected by the oracle", stored, expected),
                List.of());
    }

    private static String hop(Percentiles p) {
        return String.format(Locale.ROOT, "%.1f / %.1f", p.p50Millis(), p.p99Millis());
    }
}
