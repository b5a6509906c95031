package io.inkflow.stack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.fleet.VirtualPrinter;
import io.inkflow.simulator.oracle.DepletionOracle;
import io.inkflow.simulator.run.BenchEngine;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-chain benchmark's reports: every printer's first slot runs through a cartridge every
 * {@code orderEvery} reports (full, ..., full, at its threshold; then a new cartridge id), so one report in
 * {@code orderEvery} makes an order. Sequence numbers go on across rate steps (one boot epoch), so no step's
 * reports look like replays of an earlier one. Each report is fed to the simulator's oracle, and the
 * instant it is handed to the MQTT client is kept for the reports that make an order.
 *
 * <p>Called from the bench engine's single publishing thread; {@link #endStep()} after that step's run.
 */
final class ChainReports implements BenchEngine.ReportSource {
    private static final long BOOT_EPOCH = 1;
    private final int orderEvery;
    private final DepletionOracle oracle;
    private final Clock clock;
    private final Map<String, Long> sequences = new HashMap<>();
    private Map<String, Instant> triggers = new HashMap<>();
    private Instant first;
    private Instant last;

    /** The reports of one step that make orders, by {@link #key}, and when the step published. */
    record Step(Map<String, Instant> orderingReports, Instant firstPublish, Instant lastPublish) {
    }

    ChainReports(int orderEvery, DepletionOracle oracle, Clock clock) {
        if (orderEvery < 2) {
            throw new IllegalArgumentException("orderEvery must be at least 2, was " + orderEvery);
        }
        this.orderEvery = orderEvery;
        this.oracle = oracle;
        this.clock = clock;
    }

    /** How orders and telemetry records are matched to the report that made them. */
    static String key(String serial, long sequence) {
        return serial + "/" + sequence;
    }

    /**
     * The {@link #key} of a record's report, read from its JSON: {@code sequenceField} is {@code sequence} for a
     * telemetry report, {@code reportSequence} for an order. Null when the record is not JSON.
     */
    static String key(byte[] json, String sequenceField) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            return key(node.path("serial").asText(), node.path(sequenceField).asLong());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public synchronized TelemetryReport next(VirtualPrinter printer) {
        String serial = printer.printer().serial();
        long sequence = sequences.merge(serial, 1L, Long::sum);
        long cycle = (sequence - 1) / orderEvery;
        boolean low = sequence % orderEvery == 0;
        List<SupplyLevel> supplies = new ArrayList<>();
        List<CatalogSlot> slots = printer.model().slots();
        for (int i = 0; i < slots.size(); i++) {
            CatalogSlot slot = slots.get(i);
            boolean cycling = i == 0;
            supplies.add(new SupplyLevel(slot.slot(), slot.sku(), slot.colour(),
                    cycling && low ? slot.lowThresholdPercent() : 100, true,
                    serial + "-" + slot.slot() + "-" + (cycling ? cycle : 0)));
        }
        Instant at = clock.instant();
        TelemetryReport report = new TelemetryReport(serial, printer.model().model(), BOOT_EPOCH, sequence, at,
                1000 + sequence, supplies);
        if (!oracle.accept(report).isEmpty()) {
            triggers.put(key(serial, sequence), at);
        }
        first = first == null ? at : first;
        last = at;
        return report;
    }

    /** The step that just ran; the next one starts empty. */
    synchronized Step endStep() {
        Step step = new Step(Map.copyOf(triggers), first, last);
        triggers = new HashMap<>();
        first = null;
        last = null;
        return step;
    }
}
