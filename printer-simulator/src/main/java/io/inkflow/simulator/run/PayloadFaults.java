package io.inkflow.simulator.run;

import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.report.MalformedPayloads;
import io.inkflow.simulator.report.ReportCodec;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.stats.RunCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The payload faults of one printer, decided after each report: a malformed payload on its own
 * topic, and a report on a topic it must not use (another printer's, or its own status topic).
 * Both carry the sequence of the report already sent, so even a gateway that wrongly let one
 * through could not move the dedup position. Decides and counts; the agent publishes.
 */
final class PayloadFaults {
    /** A fault publish to make; nobody resends it. */
    record FaultPublish(String topic, byte[] payload, TraceEntry.Kind kind) {
    }

    private final FaultRates rates;
    private final RunCounters counters;
    private final List<String> serials;
    private final String serial;
    private final SplittableRandom random;

    /**
     * @param serials every printer of the run, the victims of wrong topics
     * @param random  the printer's fault stream, shared with its other fault decisions
     */
    PayloadFaults(FaultRates rates, RunCounters counters, List<String> serials, String serial,
                  SplittableRandom random) {
        this.rates = rates;
        this.counters = counters;
        this.serials = serials;
        this.serial = serial;
        this.random = random;
    }

    /** The faults to publish after {@code lastSent}, the printer's last valid report. */
    List<FaultPublish> after(TelemetryReport lastSent) {
        List<FaultPublish> faults = new ArrayList<>(2);
        if (chance(FaultKind.MALFORMED_PAYLOAD)) {
            counters.fault(FaultKind.MALFORMED_PAYLOAD);
            byte[] payload = MalformedPayloads.build(MalformedPayloads.pick(random), lastSent);
            faults.add(new FaultPublish(ReportCodec.topic(serial), payload, TraceEntry.Kind.MALFORMED));
        }
        if (chance(FaultKind.WRONG_TOPIC)) {
            counters.fault(FaultKind.WRONG_TOPIC);
            faults.add(wrongTopic(lastSent));
        }
        return faults;
    }

    private FaultPublish wrongTopic(TelemetryReport lastSent) {
        String victim = serials.get(random.nextInt(serials.size()));
        boolean foreign = !victim.equals(serial) && random.nextBoolean();
        if (!foreign) {
            return new FaultPublish("printers/" + serial + "/status", ReportCodec.encode(lastSent),
                    TraceEntry.Kind.WRONG_TOPIC);
        }
        TelemetryReport spoof = new TelemetryReport(victim, lastSent.model(), lastSent.bootEpoch(),
                lastSent.sequence(), lastSent.timestamp(), lastSent.pageCount(), lastSent.supplies());
        return new FaultPublish(ReportCodec.topic(victim), ReportCodec.encode(spoof), TraceEntry.Kind.WRONG_TOPIC);
    }

    private boolean chance(FaultKind kind) {
        double rate = rates.rate(kind);
        return rate > 0 && random.nextDouble() < rate;
    }
}
