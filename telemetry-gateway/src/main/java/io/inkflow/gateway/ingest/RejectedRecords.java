package io.inkflow.gateway.ingest;

import io.inkflow.schemas.RejectedRecord;
import java.time.Clock;
import java.util.Base64;

/** Builds the record a refused report becomes on the rejected-records topic. */
public final class RejectedRecords {
    /** The {@code source} of every record the gateway rejects. */
    public static final String SOURCE = "telemetry-gateway";

    private final Clock clock;

    public RejectedRecords(Clock clock) {
        this.clock = clock;
    }

    public RejectedRecord of(Verdict.Rejected verdict, String serial, String mqttTopic, byte[] payload) {
        return new RejectedRecord(SOURCE, verdict.reason(), verdict.detail(), serial, mqttTopic,
                Base64.getEncoder().encodeToString(payload), clock.instant());
    }
}
