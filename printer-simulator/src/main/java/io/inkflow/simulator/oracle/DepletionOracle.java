package io.inkflow.simulator.oracle;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mirrors the decisions of the replenishment streams application on the reports the simulator
 * generated, in each printer's sequence order: reports whose (bootEpoch, sequence) is not newer
 * than the last one are dropped; a genuine cartridge of an eligible model at or below its slot's
 * threshold orders once; a new cartridge (a new id, or the same id risen by at least 20 points) re-arms
 * the slot; non-genuine cartridges never order. Only printers registered with their enrollment id are
 * judged (an unenrolled printer must not order).
 *
 * <p>With {@link OracleSettings#modelsStreams()} it also orders what the streams forecast orders
 * (trigger FORECAST, when on) and, with a consolidation window, the other slots of a report with a due
 * slot whose forecast runs out within lead + safety + window business days (CONSOLIDATED), all the
 * report's orders then forming one group. The forecast is {@link CartridgeHistory}, from the report's
 * own timestamp.
 *
 * <p>Thread-safe per printer; printers are independent.
 */
public final class DepletionOracle {
    /** A level rise on the same cartridge id that counts as a new (refilled) cartridge: the streams default. */
    static final int REARM_MARGIN_PERCENT = 20;

    private final ModelCatalog catalog;
    private final OracleSettings settings;
    private final Map<String, PrinterState> printers = new ConcurrentHashMap<>();

    /** The threshold rule only ({@link OracleSettings#thresholdsOnly()}). */
    public DepletionOracle(ModelCatalog catalog) {
        this(catalog, OracleSettings.thresholdsOnly());
    }

    public DepletionOracle(ModelCatalog catalog, OracleSettings settings) {
        this.catalog = catalog;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public OracleSettings settings() {
        return settings;
    }

    /** Registers an ACTIVE enrollment; its model decides the thresholds. */
    public void enroll(String serial, String model, String enrollmentId) {
        CatalogEntry entry = catalog.find(model)
                .orElseThrow(() -> new IllegalArgumentException("Unknown model " + model + " for " + serial));
        printers.put(serial, new PrinterState(entry, enrollmentId, settings));
    }
    /** Feeds one report; returns the orders it newly makes expected (usually none). */
    public List<ExpectedOrder> accept(TelemetryReport report) {
        PrinterState state = printers.get(report.serial());
        if (state == null) {
            return List.of();
        }
        synchronized (state) {
            return state.accept(report);
        }
    }

    /**
     * Whether the system may see {@code later} before {@code earlier} with no order changing. The simulator
     * swaps two reports (its REORDER fault) only when this holds, so that the oracle stays exact whichever
     * of the two orders they reach the streams in (a reconnect resends what is unacknowledged in sequence
     * order). Seeing {@code later} first, the streams drop {@code earlier} as out of order, which can hide
     * a reading from the forecast, move a new cartridge's first reading, or move an order to the other
     * report; so this feeds both orders to copies of the printer's state and compares the orders made and
     * the state left. Neither report may have been accepted yet; the oracle itself is not changed.
     */
    public boolean reorderInvisible(TelemetryReport earlier, TelemetryReport later) {
        PrinterState state = printers.get(later.serial());
        if (state == null) {
            return true;
        }
        synchronized (state) {
            PrinterState inOrder = state.copy();
            List<ExpectedOrder> madeInOrder = new ArrayList<>(inOrder.accept(earlier));
            madeInOrder.addAll(inOrder.accept(later));
            PrinterState swapped = state.copy();
            List<ExpectedOrder> madeSwapped = new ArrayList<>(swapped.accept(later));
            madeSwapped.addAll(swapped.accept(earlier));
            return madeInOrder.equals(madeSwapped) && inOrder.sameAs(swapped);
        }
    }

    /** Marks the order expected from this report as uncertain (the report was never acknowledged). */
    public void markUncertain(String serial, long bootEpoch, long sequence) {
        PrinterState state = printers.get(serial);
        if (state == null) {
            return;
        }
        synchronized (state) {
            state.expected.replaceAll(order -> order.bootEpoch() == bootEpoch && order.sequence() == sequence
                    ? order.uncertain() : order);
        }
    }

    /** Every expected order so far, sorted by serial, slot and cycle. */
    public List<ExpectedOrder> expectedOrders() {
        List<ExpectedOrder> all = new ArrayList<>();
        for (PrinterState state : printers.values()) {
            synchronized (state) {
                all.addAll(state.expected);
            }
        }
        all.sort(Comparator.comparing(ExpectedOrder::key));
        return all;
    }

    private static final class PrinterState {
        private final CatalogEntry model;
        private final String enrollmentId;
        private final OracleSettings settings;
        private final Map<String, SlotState> slots = new HashMap<>();
        private final List<ExpectedOrder> expected = new ArrayList<>();
        private long lastEpoch = -1;
        private long lastSequence = -1;

        PrinterState(CatalogEntry model, String enrollmentId, OracleSettings settings) {
            this.model = model;
            this.enrollmentId = enrollmentId;
            this.settings = settings;
        }

        PrinterState copy() {
            PrinterState copy = new PrinterState(model, enrollmentId, settings);
            slots.forEach((slot, state) -> copy.slots.put(slot, state.copy()));
            copy.expected.addAll(expected);
            copy.lastEpoch = lastEpoch;
            copy.lastSequence = lastSequence;
            return copy;
        }

        /**
         * Whether every later report would be judged the same from this state as from {@code other}. The orders
         * expected so far are not compared: {@link #reorderInvisible} compares the orders each way made.
         */
        boolean sameAs(PrinterState other) {
            if (lastEpoch != other.lastEpoch || lastSequence != other.lastSequence
                    || !slots.keySet().equals(other.slots.keySet())) {
                return false;
            }
            // Without the forecast and consolidation, no decision reads a cartridge's history.
            boolean historyCounts = settings.forecastOn() || settings.consolidates();
            return slots.entrySet().stream()
                    .allMatch(e -> e.getValue().sameAs(other.slots.get(e.getKey()), historyCounts));
        }

        List<ExpectedOrder> accept(TelemetryReport report) {
            boolean newer = report.bootEpoch() > lastEpoch
                    || (report.bootEpoch() == lastEpoch && report.sequence() > lastSequence);
            if (!newer) {
                return List.of();
            }
            lastEpoch = report.bootEpoch();
            lastSequence = report.sequence();
            Instant now = report.timestamp();
            List<ExpectedOrder> due = new ArrayList<>(1);
            List<SupplyLevel> armed = new ArrayList<>();
            for (SupplyLevel supply : report.supplies()) {
                SlotState state = track(supply, now);
                Optional<CatalogSlot> slot = model.slot(supply.slot());
                if (slot.isEmpty() || !model.eligible() || !supply.genuine() || state.ordered) {
                    continue;
                }
                OrderTrigger trigger = null;
                if (supply.remainingPercent() <= slot.get().lowThresholdPercent()) {
                    trigger = OrderTrigger.THRESHOLD;
                } else if (settings.forecastOn() && state.history.runsOutWithin(now, settings.horizonDays())) {
                    trigger = OrderTrigger.FORECAST;
                }
                if (trigger == null) {
                    armed.add(supply);
                } else {
                    due.add(order(report, supply, slot.get(), state, trigger));
                }
            }
            List<ExpectedOrder> made = new ArrayList<>(due);
            if (settings.consolidates() && !due.isEmpty()) {
                int horizon = settings.horizonDays() + settings.consolidationWindowDays();
                for (SupplyLevel supply : armed) {
                    SlotState state = slots.get(supply.slot());
                    if (state.history.runsOutWithin(now, horizon)) {
                        made.add(order(report, supply, model.slot(supply.slot()).orElseThrow(), state,
                                OrderTrigger.CONSOLIDATED));
                    }
                }
            }
            if (settings.consolidates() && made.size() >= 2) {
                ExpectedOrder lead = due.stream().min(Comparator.comparing(ExpectedOrder::slot)).orElseThrow();
                String groupId = OrderIds.group(enrollmentId, report.serial(), lead.slot(), lead.depletionCycle());
                int size = made.size();
                made.replaceAll(order -> order.inGroup(groupId, size));
            }
            expected.addAll(made);
            return made;
        }

        /** The slot after this reading: a new cartridge starts a new history and arms the slot again. */
        private SlotState track(SupplyLevel supply, Instant now) {
            int level = supply.remainingPercent();
            SlotState state = slots.get(supply.slot());
            if (state == null) {
                state = new SlotState();
                slots.put(supply.slot(), state);
                state.newCartridge(supply.cartridgeId(), now, level);
            } else if (!supply.cartridgeId().equals(state.cartridgeId)
                    || level - state.history.lastLevel() >= REARM_MARGIN_PERCENT) {
                state.newCartridge(supply.cartridgeId(), now, level);
            } else {
                state.history.read(level);
            }
            return state;
        }

        private ExpectedOrder order(TelemetryReport report, SupplyLevel supply, CatalogSlot slot, SlotState state,
                                    OrderTrigger trigger) {
            state.ordered = true;
            state.cycles++;
            return new ExpectedOrder(report.serial(), supply.slot(), slot.sku(), state.cycles, enrollmentId,
                    OrderIds.derive(enrollmentId, report.serial(), supply.slot(), state.cycles),
                    supply.cartridgeId(), report.bootEpoch(), report.sequence(), true, trigger, null, null);
        }
    }

    private static final class SlotState {
        String cartridgeId;
        CartridgeHistory history;
        boolean ordered;
        int cycles;

        void newCartridge(String id, Instant at, int level) {
            cartridgeId = id;
            history = new CartridgeHistory(at, level);
            ordered = false;
        }

        SlotState copy() {
            SlotState copy = new SlotState();
            copy.cartridgeId = cartridgeId;
            copy.history = history.copy();
            copy.ordered = ordered;
            copy.cycles = cycles;
            return copy;
        }

        boolean sameAs(SlotState other, boolean historyCounts) {
            return cartridgeId.equals(other.cartridgeId) && ordered == other.ordered && cycles == other.cycles
                    && history.lastLevel() == other.history.lastLevel()
                    && (!historyCounts || history.sameAs(other.history));
        }
    }
}
