package io.inkflow.simulator.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.inkflow.schemas.Json;
import io.inkflow.simulator.oracle.ExpectedOrder;
import io.inkflow.simulator.oracle.OracleSettings;
import io.inkflow.simulator.oracle.VerificationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The final report of a run, replay or bench: counts, rates, latency percentiles, failures by kind,
 * the process's own footprint and the expected orders (which {@code verify --expected} reads back).
 *
 * @param command      run, record, replay or bench
 * @param settings     the options that shaped the run, for the record
 * @param verification present when the run verified its orders
 * @param oracle       the streams settings the expected orders were computed with; absent (bench, and
 *                     reports written before it existed): thresholds only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(String command, Instant startedAt, Instant finishedAt, Map<String, Object> settings,
                        RunStats stats, ProcessUsage process, long certainOrders, long uncertainOrders,
                        List<ExpectedOrder> expectedOrders, VerificationResult verification,
                        OracleSettings oracle) {
    public RunReport {
        settings = Map.copyOf(settings);
        expectedOrders = List.copyOf(expectedOrders);
    }

    public static RunReport of(String command, Instant startedAt, Instant finishedAt, Map<String, Object> settings,
                               RunStats stats, List<ExpectedOrder> expected, VerificationResult verification) {
        return of(command, startedAt, finishedAt, settings, stats, ProcessUsage.now(), expected, verification);
    }

    /** @param process the footprint while the printers were still connected */
    public static RunReport of(String command, Instant startedAt, Instant finishedAt, Map<String, Object> settings,
                               RunStats stats, ProcessUsage process, List<ExpectedOrder> expected,
                               VerificationResult verification) {
        return of(command, startedAt, finishedAt, settings, stats, process, expected, verification, null);
    }

    /** @param oracle the settings of the oracle that expected {@code expected} */
    public static RunReport of(String command, Instant startedAt, Instant finishedAt, Map<String, Object> settings,
                               RunStats stats, ProcessUsage process, List<ExpectedOrder> expected,
                               VerificationResult verification, OracleSettings oracle) {
        long certain = expected.stream().filter(ExpectedOrder::certain).count();
        return new RunReport(command, startedAt, finishedAt, settings, stats, process, certain,
                expected.size() - certain, expected, verification, oracle);
    }

    /** The oracle settings of the expected orders; thresholds only when the report does not say. */
    public OracleSettings oracleSettings() {
        return oracle != null ? oracle : OracleSettings.thresholdsOnly();
    }

    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write report " + file, e);
        }
    }

    public static RunReport read(Path file) {
        try {
            return Json.mapper().readValue(file.toFile(), RunReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read report " + file, e);
        }
    }

    /** The human-readable summary the CLI prints. */
    public String text() {
        StringBuilder out = new StringBuilder();
        RunStats s = stats;
        out.append("== ").append(command).append(" report ==\n");
        out.append(String.format("printers            %d (connected at end %d)%n", s.printers(), s.connected()));
        out.append(String.format("real time           %.1f s, simulated until %s%n", s.realElapsed().toMillis() / 1000.0,
                s.simulatedNow()));
        out.append(String.format("reports             generated %d, acknowledged %d, unacknowledged %d%n",
                s.reportsGenerated(), s.reportsAcked(), s.pendingReports()));
        out.append(String.format("publishes           %d (incl. resends, duplicates, fault payloads)%n", s.publishes()));
        out.append(String.format("acknowledged rate   %.1f reports/s%n", s.reportsPerSecond()));
        Percentiles p = s.puback();
        out.append(String.format("PUBACK latency ms   p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (n=%d)%n",
                p.p50Millis(), p.p90Millis(), p.p99Millis(), p.p999Millis(), p.maxMillis(), p.count()));
        out.append(String.format("errors              %d %s%n", s.errors(), nonZero(s.errorsByKind())));
        out.append(String.format("faults injected     %s%n", s.faultsInjected()));
        out.append(String.format("cartridges replaced %d%n", s.cartridgesReplaced()));
        out.append(String.format("expected orders     %d certain, %d uncertain (triggering report never acknowledged)%n",
                certainOrders, uncertainOrders));
        if (oracle != null) {
            out.append(String.format("oracle              %s%n", oracle.describe()));
        }
        ProcessUsage u = process;
        out.append(String.format("process             heap %d/%d MB, non-heap %d MB, RSS %d MB, platform threads %d "
                        + "(peak %d), open files %d, CPU %.1f s (average %.2f of %d cores)%n",
                u.heapUsedMb(), u.heapMaxMb(), u.nonHeapUsedMb(), u.residentMb(), u.platformThreads(),
                u.peakPlatformThreads(), u.openFiles(), u.cpuSeconds(), u.averageCpuCores(), u.processors()));
        if (verification != null) {
            out.append(verification.describe());
        }
        return out.toString();
    }

    private static String nonZero(Map<ErrorKind, Long> errors) {
        StringBuilder out = new StringBuilder();
        errors.forEach((kind, count) -> {
            if (count > 0) {
                out.append(out.isEmpty() ? "" : ", ").append(kind).append('=').append(count);
            }
        });
        return out.isEmpty() ? "" : "(" + out + ")";
    }
}
