package io.inkflow.gateway.metrics;

import io.inkflow.schemas.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's meters, created once so the hot path only increments. Tags come from enums only,
 * never from serials or client ids.
 */
public final class GatewayMetrics {
    private final Counter received;
    private final Counter accepted;
    private final Counter denied;
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
    private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);
    private final Map<AuthOutcome, Counter> auth = new EnumMap<>(AuthOutcome.class);
    private final Timer pubackLatency;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong inflight = new AtomicLong();
    private final Counter backpressurePauses;

    public GatewayMetrics(MeterRegistry registry) {
        received = Counter.builder("gateway.telemetry.received")
                .description("PUBLISH packets received on the telemetry topic").register(registry);
        accepted = Counter.builder("gateway.telemetry.accepted")
                .description("Valid reports Kafka acknowledged").register(registry);
        denied = Counter.builder("gateway.publish.denied")
                .description("PUBLISH refused because the client may not use the topic or serial").register(registry);
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason, Counter.builder("gateway.telemetry.rejected").tag("reason", reason.name())
                    .description("Reports written to the rejected-records topic").register(registry));
        }
        for (CloseReason reason : CloseReason.values()) {
            closed.put(reason, Counter.builder("gateway.connections.closed").tag("reason", reason.name())
                    .description("Closed MQTT connections").register(registry));
        }
        for (AuthOutcome outcome : AuthOutcome.values()) {
            auth.put(outcome, Counter.builder("gateway.auth").tag("outcome", outcome.name())
                    .description("CONNECT authentication results").register(registry));
        }
        pubackLatency = Timer.builder("gateway.puback.latency")
                .description("From PUBLISH received to PUBACK sent (includes the Kafka acknowledgement)")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
        registry.gauge("gateway.connections", connections);
        registry.gauge("gateway.inflight", inflight);
        backpressurePauses = Counter.builder("gateway.backpressure.pauses")
                .description("Times a connection stopped being read (in-flight bound, rate limit, Kafka slow)")
                .register(registry);
    }

    public void received() {
        received.increment();
    }

    public void accepted() {
        accepted.increment();
    }

    public void denied() {
        denied.increment();
    }

    public void rejected(RejectionReason reason) {
        rejected.get(reason).increment();
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed(CloseReason reason) {
        connections.decrementAndGet();
        closed.get(reason).increment();
    }

    public void auth(AuthOutcome outcome) {
        auth.get(outcome).increment();
    }

    public void pubackLatency(long nanos) {
        pubackLatency.record(Duration.ofNanos(nanos));
    }

    public void backpressurePause() {
        backpressurePauses.increment();
    }

    public AtomicLong inflight() {
        return inflight;
    }

    public int connections() {
        return connections.get();
    }
}
