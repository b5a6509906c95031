package io.inkflow.streams.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs and counts the streams client's state changes and exposes the current state as a gauge. */
public final class StateTracker implements KafkaStreams.StateListener {
    private static final Logger log = LoggerFactory.getLogger(StateTracker.class);
    private final Map<KafkaStreams.State, Counter> entered = new EnumMap<>(KafkaStreams.State.class);
    private volatile KafkaStreams.State current = KafkaStreams.State.CREATED;

    public StateTracker(MeterRegistry registry) {
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            entered.put(state, Counter.builder("streams.state.transitions").tag("state", state.name())
                    .description("Times the streams client entered a state").register(registry));
        }
        Gauge.builder("streams.state.running", this, t -> t.current == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while the streams client is RUNNING").register(registry);
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        current = newState;
        entered.get(newState).increment();
        if (newState == KafkaStreams.State.ERROR) {
            log.error("Streams client state changed [from={}, to={}]", oldState, newState);
        } else {
            log.info("Streams client state changed [from={}, to={}]", oldState, newState);
        }
    }

    public KafkaStreams.State current() {
        return current;
    }
}
