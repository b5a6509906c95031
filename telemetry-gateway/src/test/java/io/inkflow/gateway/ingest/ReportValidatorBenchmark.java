package io.inkflow.gateway.ingest;

import com.sun.management.ThreadMXBean;
import io.inkflow.gateway.testing.Reports;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.schemas.bench.MachineLoad;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The CPU time and the garbage of one report's validation, with {@link PlainReportReader} (what the gateway does)
 * and with the full checks alone (tree, schema, binding: what it did before), in one JVM and alternating rounds so
 * that the ratio compares like with like. The reports are a PIXMA's five slots, about 700 bytes, as the simulator
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
        double[][] plainRounds = new double[MEASURED_ROUNDS][];
        double[][] fullRounds = new double[MEASURED_ROUNDS][];
        for (int round = -WARM_UP_ROUNDS; round < MEASURED_ROUNDS; round++) {
            double[] withPlain = round(plain, payloads, serials);
            double[] withFull = round(full, payloads, serials);
            if (round >= 0) {
                plainRounds[round] = withPlain;
                fullRounds[round] = withFull;
            }
        }
        double plainMicros = median(plainRounds, 0);
        double fullMicros = median(fullRounds, 0);
        System.out.printf(Locale.ROOT, "plain reader: %.2f µs and %.0f bytes allocated per report (median of %d rounds;"
                + " rounds %s µs)%n", plainMicros, median(plainRounds, 1), MEASURED_ROUNDS, column(plainRounds));
        System.out.printf(Locale.ROOT, "full checks:  %.2f µs and %.0f bytes allocated per report (median of %d rounds;"
                + " rounds %s µs)%n", fullMicros, median(fullRounds, 1), MEASURED_ROUNDS, column(fullRounds));
        System.out.printf(Locale.ROOT, "full checks / plain reader: %.1f times the CPU%n", fullMicros / plainMicros);
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

    /** {µs of this thread's CPU per report, bytes allocated per report}; every verdict must be an acceptance. */
    private static double[] round(ReportValidator validator, List<byte[]> payloads, List<String> serials) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long bytesBefore = threads.getCurrentThreadAllocatedBytes();
        for (int pass = 0; pass < PASSES_PER_ROUND; pass++) {
            for (int i = 0; i < payloads.size(); i++) {
                if (!(validator.validate(payloads.get(i), serials.get(i)) instanceof Verdict.Accepted)) {
                    throw new IllegalStateException("report " + i + " was refused");
                }
            }
        }
        long reports = (long) PASSES_PER_ROUND * payloads.size();
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
