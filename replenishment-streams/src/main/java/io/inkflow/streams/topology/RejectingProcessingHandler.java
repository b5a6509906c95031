package io.inkflow.streams.topology;

import io.inkflow.schemas.Json;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that fails inside a processor (for example a report listing a slot twice) is rejected
 * with its reason and the application keeps running. The failing processor writes its state only
 * after the rules succeeded, so a rejected record leaves no partial state behind.
 */
public final class RejectingProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(RejectingProcessingHandler.class);
    private ReplenishmentMetrics metrics = ReplenishmentMetrics.discarding();
    private Clock clock = Clock.systemUTC();

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = HandlerSupport.metrics(configs);
        clock = HandlerSupport.clock(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        byte[] rawKey = context.sourceRawKey() != null ? context.sourceRawKey() : bytes(record.key());
        byte[] rawValue = context.sourceRawValue() != null ? context.sourceRawValue() : bytes(record.value());
        String origin = Rejections.origin(context.topic(), context.partition(), context.offset());
        RejectedRecord rejected = Rejections.of(RejectionReason.PROCESSING_ERROR, Rejections.describe(exception),
                rawKey, origin, rawValue, clock.instant());
        metrics.rejected(RejectionReason.PROCESSING_ERROR);
        log.warn("Rejected record that failed processing [origin={}, node={}, serial={}, reason={}]", origin,
                context.processorNodeId(), rejected.serial(), rejected.detail(), exception);
        return Response.resume(List.of(Rejections.toProducerRecord(rejected, rawKey)));
    }

    private static byte[] bytes(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (Exception e) {
            return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        }
    }
}
