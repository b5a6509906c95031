package io.inkflow.stack;

import io.inkflow.simulator.stats.RunStats;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One console line per interval with what flowed through the stack. */
final class ProgressLine {
    private static final DateTimeFormatter SIM_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private final PrintStream out;

    ProgressLine(PrintStream out) {
        this.out = out;
    }

    void print(FlowCounter.Counts counts, RunStats fleet) {
        StringBuilder line = new StringBuilder();
        line.append(String.format("telemetry received %,d (rejected %,d) | orders created %,d",
                counts.telemetry(), counts.rejected(), counts.orders()));
        if (fleet != null) {
            line.append(String.format(" | fleet %d/%d connected, %.0f reports/s, PUBACK p99 %.1f ms, simulated %s%s",
                    fleet.connected(), fleet.printers(), fleet.reportsPerSecond(), fleet.puback().p99Millis(),
                    SIM_DATE.format(fleet.simulatedNow()), fleet.errors() > 0 ? ", errors " + fleet.errors() : ""));
        }
        out.println(line);
    }
}
