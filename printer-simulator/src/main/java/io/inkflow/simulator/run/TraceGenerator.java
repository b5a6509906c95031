package io.inkflow.simulator.run;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.fleet.DepletionModel;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetOptions;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.fleet.VirtualPrinter;
import io.inkflow.simulator.report.ReportCodec;
import io.inkflow.simulator.report.TraceEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The reports a fleet would send, without a broker: every printer follows the same {@link VirtualPrinter}
 * (usage, offline periods, reboots, cartridge replacement after its low report) and the same
 * {@link ReportSchedule} as in {@code run}, as if every report were acknowledged at once, with no faults
 * and no real-time report gap. Simulated time jumps from one printer's next check to the next printer's,
 * so a year of a fleet takes seconds. Pure: the same fleet and options give the same trace.
 */
public final class TraceGenerator {
    /** Trace entries carry real milliseconds as a run at the default speed (a day per minute) would. */
    static final double NOMINAL_SPEED = 1440;

    private TraceGenerator() {
    }

    /**
     * @param start          simulated start (the printers' first levels are drawn for it)
     * @param span           simulated time to cover; reports are generated strictly before start + span
     * @param sampleInterval simulated time between a printer's level checks
     * @param heartbeat      simulated time after which a printer reports without a change
     * @param fleet          usage model knobs
     */
    public record Options(Instant start, Duration span, Duration sampleInterval, Duration heartbeat,
                          FleetOptions fleet) {
        public Options {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(fleet, "fleet");
            for (Duration d : new Duration[] {span, sampleInterval, heartbeat}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("span, sample interval and heartbeat must be positive");
                }
            }
        }

        public Instant end() {
            return start.plus(span);
        }
    }

    /** What was generated. */
    public record Summary(int printers, long reports, long cartridgesReplaced, long reboots, Instant start,
                          Instant end) {
    }

    public static Summary generate(Fleet fleet, Options options, ModelCatalog catalog, Consumer<TraceEntry> out) {
        PriorityQueue<OfflinePrinter> queue = new PriorityQueue<>(
                Comparator.comparing((OfflinePrinter p) -> p.next).thenComparingInt(p -> p.index));
        int index = 0;
        for (FleetPrinter printer : fleet.printers()) {
            CatalogEntry model = catalog.find(printer.model()).orElseThrow(() ->
                    new IllegalArgumentException("Printer " + printer.serial() + " has unknown model " + printer.model()));
            queue.add(new OfflinePrinter(index++, new VirtualPrinter(fleet.seed(), printer, model, options.fleet(),
                    options.start()), new ReportSchedule(fleet.seed(), printer.serial(), options.start(),
                    options.sampleInterval(), options.heartbeat())));
        }
        Instant end = options.end();
        long reports = 0;
        long replaced = 0;
        long reboots = 0;
        while (!queue.isEmpty()) {
            OfflinePrinter printer = queue.poll();
            if (!printer.next.isBefore(end)) {
                replaced += printer.replaced; // this printer is done; the others follow
                reboots += printer.reboots;
                continue;
            }
            TelemetryReport report = printer.step();
            if (report != null) {
                reports++;
                String serial = report.serial();
                out.accept(new TraceEntry((long) (Duration.between(options.start(), report.timestamp()).toMillis()
                        / NOMINAL_SPEED), report.timestamp(), serial, ReportCodec.topic(serial), TraceEntry.Kind.REPORT,
                        false, new String(ReportCodec.encode(report), StandardCharsets.UTF_8)));
            }
            queue.add(printer);
        }
        return new Summary(fleet.size(), reports, replaced, reboots, options.start(), end);
    }

    /** One printer stepped from check to check, as its {@link PrinterAgent} would with an instant network. */
    private static final class OfflinePrinter {
        final int index;
        final VirtualPrinter printer;
        final ReportSchedule schedule;
        Instant next;
        boolean off;
        long replaced;
        long reboots;

        OfflinePrinter(int index, VirtualPrinter printer, ReportSchedule schedule) {
            this.index = index;
            this.printer = printer;
            this.schedule = schedule;
            this.next = schedule.nextSampleAt();
        }

        TelemetryReport step() {
            Instant now = next;
            printer.advanceTo(now);
            if (printer.offlineAt(now)) {
                // Switched off for whole hours: look again at the next hour.
                off = true;
                next = DepletionModel.hourStart(DepletionModel.hourIndex(now) + 1);
                return null;
            }
            if (off) {
                printer.requestReboot(); // switched back on: a power cycle
                off = false;
            }
            if (printer.structuralChangeDue(now)) {
                if (printer.rebootDue()) {
                    reboots++;
                }
                replaced += printer.applyStructuralChanges(now);
            }
            TelemetryReport report = null;
            if (schedule.sampleDue(now) && schedule.sample(now, printer.changedSinceLastReport())) {
                report = printer.nextReport(now, now);
                schedule.reported(now);
            }
            next = schedule.nextSampleAt();
            return report;
        }
    }
}
