package io.inkflow.simulator.fleet;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One printer's supplies, page count and sequence numbering over simulated time. Not thread-safe:
 * its agent calls it under its own lock.
 *
 * <p>Reboots and cartridge replacements are "structural" changes: the agent applies them only when
 * every earlier report has been acknowledged, so the report showing a low cartridge is always in
 * Kafka before the report that shows its replacement or a new boot epoch. That keeps the streams
 * application's decisions independent of network timing, and the oracle exact.
 */
public final class VirtualPrinter {
    private final long seed;
    private final FleetPrinter printer;
    private final CatalogEntry model;
    private final UsageProfile profile;
    private final FleetOptions options;
    private final Map<String, CartridgeSlot> slots = new LinkedHashMap<>();
    private Instant modelTime;
    private double pageCount;
    private long bootEpoch;
    private long sequence;
    private boolean rebootPending;
    private long cachedHour = Long.MIN_VALUE;
    private int cachedHourPages;
    private int nonGenuineInserted;

    public VirtualPrinter(long seed, FleetPrinter printer, CatalogEntry model, FleetOptions options, Instant start) {
        this.seed = seed;
        this.printer = printer;
        this.model = model;
        this.options = options;
        this.profile = UsageProfiles.derive(seed, printer.serial(), model, options);
        this.modelTime = start;
        SplittableRandom random = Seeds.stream(seed, "initial/" + printer.serial());
        this.pageCount = 100 + random.nextInt(20_000);
        this.bootEpoch = random.nextInt(6);
        for (CatalogSlot slot : model.slots()) {
            CartridgeSlot state = new CartridgeSlot(slot);
            insertCartridge(state, 0, profile.initialPercent().get(slot.slot()));
            slots.put(slot.slot(), state);
        }
    }

    /** Prints what the usage model says was printed between the last call and {@code now}. */
    public void advanceTo(Instant now) {
        while (modelTime.isBefore(now)) {
            long hour = DepletionModel.hourIndex(modelTime);
            Instant hourEnd = DepletionModel.hourStart(hour + 1);
            Instant segmentEnd = hourEnd.isBefore(now) ? hourEnd : now;
            double fraction = Duration.between(modelTime, segmentEnd).toMillis() / 3_600_000.0;
            double pages = pagesInHour(hour) * fraction;
            pageCount += pages;
            for (CartridgeSlot slot : slots.values()) {
                slot.level = Math.max(0, slot.level - pages * profile.percentPerPage().get(slot.catalog.slot()));
            }
            if (segmentEnd.equals(hourEnd) && DepletionModel.rebootAt(seed, printer.serial(), profile, hour + 1)) {
                rebootPending = true;
            }
            modelTime = segmentEnd;
        }
    }

    public boolean offlineAt(Instant now) {
        return DepletionModel.offline(seed, printer.serial(), profile, DepletionModel.hourIndex(now));
    }

    /** Whether a whole-percent level differs from what the last report said. */
    public boolean changedSinceLastReport() {
        for (CartridgeSlot slot : slots.values()) {
            if (slot.reportedPercent() != slot.lastReported) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next report, consuming a sequence number.
     *
     * @param now       simulated time (drives the replacement delay)
     * @param timestamp what the printer's clock says (simulated time plus any skew)
     */
    public TelemetryReport nextReport(Instant now, Instant timestamp) {
        sequence++;
        List<SupplyLevel> supplies = new ArrayList<>(slots.size());
        for (CartridgeSlot slot : slots.values()) {
            int percent = slot.reportedPercent();
            if (percent <= slot.catalog.lowThresholdPercent() && !slot.reportedLow) {
                slot.reportedLow = true;
                slot.replaceDueAt = now.plus(options.replacementDelay());
            }
            slot.lastReported = percent;
            supplies.add(new SupplyLevel(slot.catalog.slot(), slot.catalog.sku(), slot.catalog.colour(), percent,
                    slot.genuine, slot.cartridgeId));
        }
        return new TelemetryReport(printer.serial(), printer.model(), bootEpoch, sequence, timestamp,
                (long) pageCount, supplies);
    }

    public boolean structuralChangeDue(Instant now) {
        if (rebootPending) {
            return true;
        }
        for (CartridgeSlot slot : slots.values()) {
            if (slot.replaceDueAt != null && !slot.replaceDueAt.isAfter(now)) {
                return true;
            }
        }
        return false;
    }

    /** Applies due reboots and replacements; returns how many cartridges were replaced. */
    public int applyStructuralChanges(Instant now) {
        if (rebootPending) {
            reboot();
        }
        int replaced = 0;
        for (CartridgeSlot slot : slots.values()) {
            if (slot.replaceDueAt != null && !slot.replaceDueAt.isAfter(now)) {
                insertCartridge(slot, slot.cartridgeNo + 1, 100);
                replaced++;
            }
        }
        return replaced;
    }

    /** Asks for a reboot at the next structural change (after a power cycle). */
    public void requestReboot() {
        rebootPending = true;
    }

    public boolean rebootDue() {
        return rebootPending;
    }

    /** Power cycle: a new boot epoch, the sequence starts again. */
    public void reboot() {
        bootEpoch++;
        sequence = 0;
        rebootPending = false;
    }

    private void insertCartridge(CartridgeSlot slot, int number, int percent) {
        slot.cartridgeNo = number;
        slot.cartridgeId = String.format("%s-%08x-%04d", slot.catalog.slot(),
                (int) Seeds.fnv(printer.serial()), number);
        slot.genuine = Seeds.stream(seed, "genuine/" + printer.serial() + '/' + slot.catalog.slot(), number)
                .nextDouble() >= options.nonGenuineRate();
        if (!slot.genuine) {
            nonGenuineInserted++;
        }
        slot.level = percent;
        slot.reportedLow = false;
        slot.replaceDueAt = null;
    }

    private int pagesInHour(long hour) {
        if (hour != cachedHour) {
            cachedHour = hour;
            cachedHourPages = DepletionModel.pagesInHour(seed, printer.serial(), profile, hour);
        }
        return cachedHourPages;
    }

    public FleetPrinter printer() {
        return printer;
    }

    public CatalogEntry model() {
        return model;
    }

    public UsageProfile profile() {
        return profile;
    }

    /** Non-genuine cartridges put in so far (initial ones included). */
    public int nonGenuineInserted() {
        return nonGenuineInserted;
    }

    public long bootEpoch() {
        return bootEpoch;
    }

    public long sequence() {
        return sequence;
    }

    public Instant modelTime() {
        return modelTime;
    }

    /** Current levels by slot, for tests and the final report. */
    public Map<String, Double> levels() {
        Map<String, Double> levels = new LinkedHashMap<>();
        slots.forEach((name, slot) -> levels.put(name, slot.level));
        return levels;
    }

    public String cartridgeId(String slot) {
        return slots.get(slot).cartridgeId;
    }

    public boolean genuine(String slot) {
        return slots.get(slot).genuine;
    }
}
