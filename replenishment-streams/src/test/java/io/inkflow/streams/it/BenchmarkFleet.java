package io.inkflow.streams.it;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.EnrollmentStatus;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Benchmark printers: PIXMA TS9520 (five slots). Every report lowers each slot by three points; a
 * cartridge is replaced at 1 % and the next starts at 100 %. Knows which orders the reports must yield.
 */
final class BenchmarkFleet {
    static final String MODEL = "pixma-ts9520";
    private static final Instant BASE = Instant.parse("2026-03-02T08:00:00Z");
    private static final int STEP = 3;
    static final int READINGS_PER_CARTRIDGE = 34; // 100, 97, ... 1

    private final CatalogEntry entry = ModelCatalog.bundled().find(MODEL).orElseThrow();
    final String prefix;
    final int printers;

    BenchmarkFleet(String prefix, int printers) {
        this.prefix = prefix;
        this.printers = printers;
    }

    String serial(int printer) {
        return prefix + "-%06d".formatted(printer);
    }

    List<Enrollment> enrollments() {
        List<Enrollment> out = new ArrayList<>();
        for (int p = 0; p < printers; p++) {
            out.add(new Enrollment("enr-" + serial(p), serial(p), MODEL, "acct-" + p, Channel.CANON,
                    EnrollmentStatus.ACTIVE, BASE));
        }
        return out;
    }

    /** The {@code index}-th report (0-based, sequence index + 1) of a printer. */
    TelemetryReport report(int printer, int index) {
        int cartridge = index / READINGS_PER_CARTRIDGE;
        int level = level(index);
        List<SupplyLevel> supplies = new ArrayList<>();
        for (CatalogSlot slot : entry.slots()) {
            supplies.add(new SupplyLevel(slot.slot(), slot.sku(), slot.colour(), level, true,
                    serial(printer) + "-" + slot.slot() + "-" + cartridge));
        }
        return new TelemetryReport(serial(printer), MODEL, 1, index + 1L, BASE.plus(Duration.ofHours(index)),
                index * 20L, supplies);
    }

    /** Order ids the first {@code reports} reports of every printer must produce. */
    Set<String> expectedOrderIds(int reports) {
        Set<String> ids = new HashSet<>();
        for (int p = 0; p < printers; p++) {
            for (CatalogSlot slot : entry.slots()) {
                int cycle = 0;
                for (int cartridge = 0; cartridge * READINGS_PER_CARTRIDGE < reports; cartridge++) {
                    int last = Math.min(reports, (cartridge + 1) * READINGS_PER_CARTRIDGE) - 1;
                    if (level(last) <= slot.lowThresholdPercent()) {
                        cycle++;
                        ids.add(OrderIds.derive("enr-" + serial(p), serial(p), slot.slot(), cycle));
                    }
                }
            }
        }
        return ids;
    }

    private static int level(int index) {
        return 100 - STEP * (index % READINGS_PER_CARTRIDGE);
    }
}
