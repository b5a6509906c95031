package io.inkflow.simulator.backtest;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.report.ReportCodec;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.report.TraceReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a recorded trace says one printer printed, independent of the policy that was running: the
 * times of its reports and, per report, how many points each slot used since the previous one. The
 * backtest replays this usage against cartridges that each policy orders and installs itself.
 *
 * <p>Only REPORT entries count, deduplicated like the streams application does (a report whose
 * (bootEpoch, sequence) is not newer than the last accepted one is dropped). A slot uses
 * {@code previous - current} points between two reports of the same cartridge; when the recorded
 * cartridge changes (new id) or its level rises, that interval counts as no use.
 *
 * @param slots   the catalog slots the printer's first report listed, in catalog order
 * @param initial the level of each slot in the first report
 * @param steps   one per accepted report after the first
 */
public record PrinterUsage(String serial, CatalogEntry model, List<CatalogSlot> slots, int[] initial, Instant start,
                           List<Step> steps) {
    public PrinterUsage {
        Objects.requireNonNull(serial, "serial");
        slots = List.copyOf(slots);
        steps = List.copyOf(steps);
    }

    /** One accepted report: its printer time and the points each slot (same order as slots) used since the last. */
    public record Step(Instant at, int[] used) {
    }

    /** The last report's time. */
    public Instant end() {
        return steps.isEmpty() ? start : steps.getLast().at();
    }

    /** The trace's usage by printer, in order of first appearance; printers of unknown models are left out. */
    public static Parsed fromTrace(List<TraceEntry> trace, ModelCatalog catalog) {
        Parser parser = new Parser(catalog);
        trace.forEach(parser);
        return parser.parsed();
    }

    /** The same, read entry by entry from a trace file (which may be larger than the heap). */
    public static Parsed fromTrace(Path trace, ModelCatalog catalog) {
        Parser parser = new Parser(catalog);
        TraceReader.forEach(trace, parser);
        return parser.parsed();
    }

    /** Takes a trace entry by entry. */
    private static final class Parser implements Consumer<TraceEntry> {
        private final ModelCatalog catalog;
        private final Map<String, Builder> builders = new LinkedHashMap<>();
        private final Set<String> unknown = new LinkedHashSet<>();

        Parser(ModelCatalog catalog) {
            this.catalog = catalog;
        }

        @Override
        public void accept(TraceEntry entry) {
            if (entry.kind() != TraceEntry.Kind.REPORT) {
                return;
            }
            TelemetryReport report = ReportCodec.decode(entry.payload().getBytes(StandardCharsets.UTF_8));
            if (unknown.contains(report.serial())) {
                return;
            }
            Builder builder = builders.get(report.serial());
            if (builder == null) {
                CatalogEntry model = catalog.find(report.model()).orElse(null);
                if (model == null) {
                    unknown.add(report.serial());
                    return;
                }
                builder = new Builder(report.serial(), model);
                builders.put(report.serial(), builder);
            }
            builder.accept(report);
        }

        Parsed parsed() {
            return new Parsed(builders.values().stream().map(Builder::build).toList(), List.copyOf(unknown));
        }
    }

    /** The printers, and the serials left out because their model is not in the catalog. */
    public record Parsed(List<PrinterUsage> printers, List<String> unknownModels) {
    }

    private static final class Builder {
        private final String serial;
        private final CatalogEntry model;
        private final List<CatalogSlot> slots = new ArrayList<>();
        private final Map<String, SupplyLevel> last = new HashMap<>();
        private final List<Step> steps = new ArrayList<>();
        private int[] initial;
        private Instant start;
        private long epoch = -1;
        private long sequence = -1;

        Builder(String serial, CatalogEntry model) {
            this.serial = serial;
            this.model = model;
        }

        void accept(TelemetryReport report) {
            boolean newer = report.bootEpoch() > epoch || (report.bootEpoch() == epoch && report.sequence() > sequence);
            if (!newer) {
                return;
            }
            epoch = report.bootEpoch();
            sequence = report.sequence();
            Map<String, SupplyLevel> now = new HashMap<>();
            report.supplies().forEach(s -> now.put(s.slot(), s));
            if (initial == null) {
                start(report, now);
                return;
            }
            int[] used = new int[slots.size()];
            for (int i = 0; i < slots.size(); i++) {
                SupplyLevel before = last.get(slots.get(i).slot());
                SupplyLevel after = now.get(slots.get(i).slot());
                if (after == null) {
                    continue;
                }
                if (after.cartridgeId().equals(before.cartridgeId())) {
                    used[i] = Math.max(0, before.remainingPercent() - after.remainingPercent());
                }
                last.put(after.slot(), after);
            }
            steps.add(new Step(report.timestamp(), used));
        }

        private void start(TelemetryReport report, Map<String, SupplyLevel> now) {
            model.slots().stream().filter(s -> now.containsKey(s.slot())).forEach(slots::add);
            initial = new int[slots.size()];
            for (int i = 0; i < slots.size(); i++) {
                SupplyLevel level = now.get(slots.get(i).slot());
                initial[i] = level.remainingPercent();
                last.put(level.slot(), level);
            }
            start = report.timestamp();
        }

        PrinterUsage build() {
            return new PrinterUsage(serial, model, slots, initial, start, steps);
        }
    }
}
