package io.inkflow.simulator.backtest;

import io.inkflow.schemas.CatalogSlot;
import io.inkflow.simulator.oracle.CartridgeHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays the usage of a trace under one policy. Each policy owns its cartridges: the first ones hold
 * the levels of the trace's first report; every report, each slot uses what the trace says it used;
 * the policy sees the resulting levels and orders; a replacement arrives after its transit and goes
 * in when the cartridge in the slot runs empty (at once if it already is). What a slot uses beyond
 * an empty cartridge with nothing to put in is lost; beyond an empty one with the replacement at hand,
 * it comes out of the new cartridge.
 *
 * <p>Arrivals are handled at the first report at or after them, with the level of the previous report
 * (the level at the moment of arrival as far as the trace can tell).
 */
final class PolicyReplay {
    private static final double SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

    private final BacktestPolicy policy;
    private final Transit transit;
    private final Instant end;
    private final List<Integer> inkLeft = new ArrayList<>();
    private long orders;
    private long parcels;
    private long stockOuts;
    private Duration stockOutTime = Duration.ZERO;
    private long inTransit;

    private PolicyReplay(BacktestPolicy policy, Transit transit, Instant end) {
        this.policy = policy;
        this.transit = transit;
        this.end = end;
    }

    /** @param end the end of the trace: the last report of any printer */
    static PolicyResult run(BacktestPolicy policy, List<PrinterUsage> printers, Transit transit, Instant end) {
        PolicyReplay replay = new PolicyReplay(policy, transit, end);
        printers.forEach(replay::replay);
        return replay.result();
    }

    private void replay(PrinterUsage printer) {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < printer.slots().size(); i++) {
            CatalogSlot catalog = printer.slots().get(i);
            slots.add(new Slot(catalog, policy.thresholds().percent(printer.model().model(), catalog),
                    printer.initial()[i]));
        }
        decide(printer.serial(), slots, printer.start());
        for (PrinterUsage.Step step : printer.steps()) {
            for (int i = 0; i < slots.size(); i++) {
                arrive(slots.get(i), step.at());
                use(slots.get(i), step.used()[i], step.at());
            }
            decide(printer.serial(), slots, step.at());
        }
        for (Slot slot : slots) {
            arrive(slot, end);
            if (slot.arrivesAt != null) {
                inTransit++;
            }
            if (slot.emptySince != null) {
                stockOut(slot.emptySince, end);
            }
        }
    }

    private void arrive(Slot slot, Instant now) {
        if (slot.arrivesAt == null || slot.arrivesAt.isAfter(now)) {
            return;
        }
        inkLeft.add(slot.level);
        if (slot.emptySince != null) {
            stockOut(slot.emptySince, slot.arrivesAt);
            slot.install(100);
        } else {
            slot.onShelf = true;
        }
        slot.arrivesAt = null;
    }

    private void use(Slot slot, int points, Instant now) {
        if (points == 0 || slot.emptySince != null) {
            return;
        }
        if (points < slot.level) {
            slot.level -= points;
        } else if (slot.onShelf) {
            slot.install(Math.max(0, 100 - (points - slot.level)));
        } else {
            slot.level = 0;
            slot.emptySince = now;
        }
    }

    private void decide(String serial, List<Slot> slots, Instant now) {
        List<Slot> due = new ArrayList<>();
        for (Slot slot : slots) {
            slot.read(now);
            boolean low = slot.level <= slot.threshold;
            if (!slot.ordered && (low || policy.forecast() && slot.history.runsOutWithin(now, policy.horizonDays()))) {
                due.add(slot);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        boolean consolidate = policy.windowDays() > 0;
        if (consolidate) {
            int horizon = policy.horizonDays() + policy.windowDays();
            slots.stream().filter(s -> !s.ordered && !due.contains(s) && s.history.runsOutWithin(now, horizon))
                    .toList().forEach(due::add);
        }
        Instant parcelArrives = null;
        for (Slot slot : due) {
            slot.ordered = true;
            slot.cycle++;
            orders++;
            if (!consolidate || parcelArrives == null) {
                parcels++;
                parcelArrives = Transit.arrival(now, transit.days(serial, slot.catalog.slot(), slot.cycle));
            }
            slot.arrivesAt = parcelArrives;
        }
    }

    private void stockOut(Instant from, Instant to) {
        stockOuts++;
        stockOutTime = stockOutTime.plus(Duration.between(from, to));
    }

    private PolicyResult result() {
        double perThousand = orders == 0 ? 0 : parcels * 1000.0 / orders;
        double days = stockOutTime.toSeconds() / SECONDS_PER_DAY;
        Double mean = inkLeft.isEmpty() ? null : inkLeft.stream().mapToInt(Integer::intValue).average().orElseThrow();
        return new PolicyResult(policy.name(), policy.describe(), orders, parcels, perThousand, stockOuts, days,
                inkLeft.size(), mean, median(inkLeft), inTransit);
    }

    static Double median(List<Integer> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Integer> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
    }

    /** One slot of one printer under this policy. */
    private static final class Slot {
        final CatalogSlot catalog;
        final int threshold;
        int level;
        /** Null right after a cartridge went in: its history starts at the report that shows it. */
        CartridgeHistory history;
        boolean ordered;
        int cycle;
        Instant arrivesAt;
        boolean onShelf;
        Instant emptySince;

        Slot(CatalogSlot catalog, int threshold, int level) {
            this.catalog = catalog;
            this.threshold = threshold;
            this.level = level;
        }

        void read(Instant now) {
            if (history == null) {
                history = new CartridgeHistory(now, level);
            } else {
                history.read(level);
            }
        }

        void install(int newLevel) {
            level = newLevel;
            history = null;
            ordered = false;
            onShelf = false;
            emptySince = null;
        }
    }
}
