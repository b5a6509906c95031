package io.inkflow.schemas;

import java.time.Instant;
import java.util.Objects;

/**
 * A record that was refused, with its reason, on {@link Topics#TELEMETRY_REJECTED}. The original
 * bytes are kept (base64) so nothing accepted from a printer is ever silently lost.
 *
 * @param source        which component rejected it, for example {@code telemetry-gateway}
 * @param serial        the authenticated or keyed serial, when known
 * @param origin        where the record came from: an MQTT topic or a Kafka topic-partition@offset
 * @param payloadBase64 the rejected bytes as received
 */
public record RejectedRecord(String source, RejectionReason reason, String detail, String serial, String origin,
                             String payloadBase64, Instant rejectedAt) {
    public RejectedRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(payloadBase64, "payloadBase64");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
    }
}
