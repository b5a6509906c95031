package io.inkflow.gateway.ingest;

import com.sun.management.ThreadMXBean;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.PlainReportReader;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.bench.MachineLoad;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The CPU time and the garbage of reading one report, in one JVM and alternating rounds so that the ratios compare
 * like with like: the gateway's validation with {@code PlainReportReader} (now) and with the full checks alone (tree,
 * schema, binding: before); the streams application's reading with the reader (now) and with databind (before). The reports are a PIXMA's five slots, about 700 bytes, as the simulator
 * writes them. Run: {@code ./mvnw -B -q -Pbench-gateway -DskipTests verify -pl telemetry-gateway -am
 * -Dgateway.bench.main=io.inkflow.gateway.ingest.ReportValidatorBenchmark -Dgateway.bench.args=}
 */
public final class ReportValidatorBenchmark {
    private static final int REPORTS = 1_000;
    private static final int PASSES_PER_ROUND = 200;
    private static final int WARM_UP_ROUNDS = 6;
    private static final int MEASURED_ROUNDS = 6;

    private ReportValidatorBenchmark() {
    }

    public static void main(String[] args) {
        MachineLoad loadBefore = MachineLoad.now();
        System.out.println("load average before: " + loadBefore);
        Clock clock = Clock.systemUTC();
        SchemaValidator schemas = new SchemaValidator();
        ReportValidator plain = new ReportValidator(schemas, clock, 4096, Duration.ofMinutes(10));
        ReportValidator full = new ReportValidator(schemas, clock, 4096, Duration.ofMinutes(10), payload -> null);
        List<byte[]> payloads = new ArrayList<>();
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < REPORTS; i++) {
            TelemetryReport report = pixma(i, clock.instant());
            payloads.add(Reports.json(report));
            serials.add(report.serial());
        }
        System.out.printf(Locale.ROOT, "%d reports of %d bytes on average, %d passes a round%n", REPORTS,
                payloads.stream().mapToInt(p -> p.length).sum() / REPORTS, PASSES_PER_ROUND);
        PlainReportReader reader = new PlainReportReader();
        JsonSerde<TelemetryReport> databind = JsonSerde.of(TelemetryReport.class);
        Map<String, IntPredicate> paths = new LinkedHashMap<>();
        paths.put("gateway, plain reader (now)", i -> plain.validate(payloads.get(i), serials.get(i))
                instanceof Verdict.Accepted);
        paths.put("gateway, full checks: tree, schema, binding (before)", i -> full.validate(payloads.get(i),
                serials.get(i)) instanceof Verdict.Accepted);
        paths.put("streams, plain reader (now)", i -> reader.read(payloads.get(i)) != null);
        paths.put("streams, databind (before)", i -> databind.deserialize(Topics.TELEMETRY, payloads.get(i)) != null);
        Map<String, double[][]> measured = new LinkedHashMap<>();
        paths.keySet().forEach(name -> measured.put(name, new double[MEASURED_ROUNDS][]));
        for (int round = -WARM_UP_ROUNDS; round < MEASURED_ROUNDS; round++) {
            for (Map.Entry<String, IntPredicate> path : paths.entrySet()) {
                double[] figures = round(path.getKey(), path.getValue());
                if (round >= 0) {
                    measured.get(path.getKey())[round] = figures;
                }
            }
        }
        measured.forEach((name, rounds) -> System.out.printf(Locale.ROOT, "%s: %.2f µs and %.0f bytes allocated per"
                + " report (median of %d rounds; rounds %s µs)%n", name, median(rounds, 0), median(rounds, 1),
                MEASURED_ROUNDS, column(rounds)));
        List<double[][]> all = List.copyOf(measured.values());
        System.out.printf(Locale.ROOT, "gateway: the full checks take %.1f times the CPU of the plain reader; streams:"
                + " databind %.1f times%n", median(all.get(1), 0) / median(all.get(0), 0),
                median(all.get(3), 0) / median(all.get(2), 0));
        System.out.println("load average before: " + loadBefore + "; after: " + MachineLoad.now());
    }

    private static TelemetryReport pixma(int i, Instant now) {
        List<SupplyLevel> supplies = new ArrayList<>();
        for (String slot : List.of("PGBK", "BK", "C", "M", "Y")) {
            supplies.add(new SupplyLevel(slot, "PGI-580" + slot, "colour-" + slot, (i * 7) % 101, true,
                    "cart-" + i + "-" + slot));
        }
        return new TelemetryReport(String.format(Locale.ROOT, "KMTS8320-%06d", i), "pixma-ts8320", 1, i,
                now.minusMillis(i), 1000 + i, supplies);
    }

    /** {µs of this thread's CPU per report, bytes allocated per report}; every report must be read and accepted. */
    private static double[] round(String name, IntPredicate path) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long bytesBefore = threads.getCurrentThreadAllocatedBytes();
        for (int pass = 0; pass < PASSES_PER_ROUND; pass++) {
            for (int i = 0; i < REPORTS; i++) {
                if (!path.test(i)) {
                    throw new IllegalStateException(name + ": report " + i + " was refused");
                }
            }
        }
        long reports = (long) PASSES_PER_ROUND * REPORTS;
        return new double[] {(threads.getCurrentThreadCpuTime() - cpuBefore) / 1_000.0 / reports,
            (double) (threads.getCurrentThreadAllocatedBytes() - bytesBefore) / reports};
    }

    private static double median(double[][] rounds, int column) {
        double[] values = Arrays.stream(rounds).mapToDouble(r -> r[column]).sorted().toArray();
        return (values[(values.length - 1) / 2] + values[values.length / 2]) / 2;
    }

    private static String column(double[][] rounds) {
        return String.join(", ", Arrays.stream(rounds).map(r -> String.format(Locale.ROOT, "%.2f", r[0])).toList());
    }
}
