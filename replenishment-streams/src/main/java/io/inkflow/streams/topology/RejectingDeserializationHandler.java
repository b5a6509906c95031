package io.inkflow.streams.topology;

import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unreadable input (not JSON, schema mismatch, out-of-range level) is a client error: route the raw
 * bytes with the reason to the rejected-records topic, count it, and keep going.
 */
public final class RejectingDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(RejectingDeserializationHandler.class);
    private ReplenishmentMetrics metrics = ReplenishmentMetrics.discarding();
    private Clock clock = Clock.systemUTC();

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = HandlerSupport.metrics(configs);
        clock = HandlerSupport.clock(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String origin = Rejections.origin(record.topic(), record.partition(), record.offset());
        RejectedRecord rejected = Rejections.of(RejectionReason.DESERIALIZATION_ERROR, Rejections.describe(exception),
                record.key(), origin, record.value(), clock.instant());
        metrics.rejected(RejectionReason.DESERIALIZATION_ERROR);
        log.warn("Rejected unreadable record [origin={}, serial={}, reason={}]", origin, rejected.serial(),
                rejected.detail());
        return Response.resume(List.of(Rejections.toProducerRecord(rejected, record.key())));
    }
}
