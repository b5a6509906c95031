package io.inkflow.simulator.backtest;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.report.TraceEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Replays a recorded trace under several policies; the entry point of {@code inkflow-sim backtest}. */
public final class Backtest {
    private Backtest() {
    }

    public static BacktestReport run(List<TraceEntry> trace, ModelCatalog catalog, List<BacktestPolicy> policies,
                                     Transit transit) {
        return run(PrinterUsage.fromTrace(trace, catalog), policies, transit);
    }

    /** The same, reading the trace file entry by entry (a long trace may be larger than the heap). */
    public static BacktestReport run(Path trace, ModelCatalog catalog, List<BacktestPolicy> policies, Transit transit) {
        return run(PrinterUsage.fromTrace(trace, catalog), policies, transit);
    }

    private static BacktestReport run(PrinterUsage.Parsed parsed, List<BacktestPolicy> policies, Transit transit) {
        List<PrinterUsage> printers = parsed.printers();
        if (printers.isEmpty()) {
            throw new IllegalArgumentException("the trace holds no report of a catalog model");
        }
        Instant from = printers.stream().map(PrinterUsage::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = printers.stream().map(PrinterUsage::end).max(Comparator.naturalOrder()).orElseThrow();
        int slots = printers.stream().mapToInt(p -> p.slots().size()).sum();
        List<PolicyResult> results = policies.stream().map(p -> PolicyReplay.run(p, printers, transit, to)).toList();
        return new BacktestReport(printers.size(), slots, parsed.unknownModels(), from, to, transit, results);
    }
}
