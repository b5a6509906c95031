package io.inkflow.simulator.oracle;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderIds;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mirrors the decisions of the replenishment streams application on the reports the simulator
 * generated, in each printer's sequence order: reports whose (bootEpoch, sequence) is not newer
 * than the last one are dropped; a genuine cartridge at or below its slot's threshold orders once;
 * a new cartridge id re-arms the slot; non-genuine cartridges never order. Only printers registered
 * with their enrollment id are judged (an unenrolled printer must not order).
 *
 * <p>Thread-safe per printer; printers are independent.
 */
public final class DepletionOracle {
    private final ModelCatalog catalog;
    private final Map<String, PrinterState> printers = new ConcurrentHashMap<>();

    public DepletionOracle(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** Registers an ACTIVE enrollment; its model decides the thresholds. */
    public void enroll(String serial, String model, String enrollmentId) {
        CatalogEntry entry = catalog.find(model)
                .orElseThrow(() -> new IllegalArgumentException("Unknown model " + model + " for " + serial));
        printers.put(serial, new PrinterState(entry, enrollmentId));
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
        private final Map<String, SlotState> slots = new HashMap<>();
        private final List<ExpectedOrder> expected = new ArrayList<>();
        private long lastEpoch = -1;
        private long lastSequence = -1;

        PrinterState(CatalogEntry model, String enrollmentId) {
            this.model = model;
            this.enrollmentId = enrollmentId;
        }

        List<ExpectedOrder> accept(TelemetryReport report) {
            boolean newer = report.bootEpoch() > lastEpoch
                    || (report.bootEpoch() == lastEpoch && report.sequence() > lastSequence);
            if (!newer) {
                return List.of();
            }
            lastEpoch = report.bootEpoch();
            lastSequence = report.sequence();
            List<ExpectedOrder> made = new ArrayList<>(1);
            for (SupplyLevel supply : report.supplies()) {
                Optional<CatalogSlot> slot = model.slot(supply.slot());
                if (slot.isEmpty()) {
                    continue;
                }
                SlotState state = slots.computeIfAbsent(supply.slot(), s -> new SlotState());
                if (!supply.cartridgeId().equals(state.cartridgeId)) {
                    state.cartridgeId = supply.cartridgeId();
                    state.ordered = false;
                }
                if (supply.genuine() && !state.ordered
                        && supply.remainingPercent() <= slot.get().lowThresholdPercent()) {
                    state.ordered = true;
                    state.cycles++;
                    ExpectedOrder order = new ExpectedOrder(report.serial(), supply.slot(), slot.get().sku(),
                            state.cycles, enrollmentId,
                            OrderIds.derive(enrollmentId, report.serial(), supply.slot(), state.cycles),
                            supply.cartridgeId(), report.bootEpoch(), report.sequence(), true);
                    expected.add(order);
                    made.add(order);
                }
            }
            return made;
        }
    }

    private static final class SlotState {
        String cartridgeId;
        boolean ordered;
        int cycles;
    }
}
