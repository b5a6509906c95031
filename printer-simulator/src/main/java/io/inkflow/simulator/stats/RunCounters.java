package io.inkflow.simulator.stats;

import io.inkflow.simulator.fault.FaultKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters updated from Paho's threads and the tick thread; cheap and lock-free. */
public final class RunCounters {
    public final LongAdder reportsGenerated = new LongAdder();
    public final LongAdder publishes = new LongAdder();
    public final LongAdder reportsAcked = new LongAdder();
    public final LongAdder connects = new LongAdder();
    public final LongAdder cartridgesReplaced = new LongAdder();
    public final LongAdder reboots = new LongAdder();
    public final LongAdder wrongCredentialRejected = new LongAdder();
    public final LongAdder faultPublishesAcked = new LongAdder();
    private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);
    private final Map<FaultKind, LongAdder> faults = new EnumMap<>(FaultKind.class);
    public final LatencyRecorder pubackLatency = new LatencyRecorder();

    public RunCounters() {
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind, new LongAdder());
        }
        for (FaultKind kind : FaultKind.values()) {
            faults.put(kind, new LongAdder());
        }
    }

    public void error(ErrorKind kind) {
        errors.get(kind).increment();
    }

    public void fault(FaultKind kind) {
        faults.get(kind).increment();
    }

    public Map<ErrorKind, Long> errors() {
        Map<ErrorKind, Long> copy = new EnumMap<>(ErrorKind.class);
        errors.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    public long errorTotal() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<FaultKind, Long> faults() {
        Map<FaultKind, Long> copy = new EnumMap<>(FaultKind.class);
        faults.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
