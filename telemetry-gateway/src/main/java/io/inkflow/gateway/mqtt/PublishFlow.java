package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.ingest.SinkUnavailableException;
import io.inkflow.gateway.ingest.TelemetryTopic;
import io.inkflow.gateway.ingest.Verdict;
import io.inkflow.gateway.metrics.CloseReason;
import io.inkflow.schemas.RejectionReason;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH: authorize the topic, validate the report, hand it to Kafka, and acknowledge it (in
 * order) only once Kafka has stored it or, for a bad report, its rejection. Applies the in-flight
 * bound, the rate limit and the gateway-wide budget by pausing reads.
 */
final class PublishFlow {
    private static final Logger log = LoggerFactory.getLogger(PublishFlow.class);
    private static final long BUDGET_RECHECK_MILLIS = 20;
    private static final byte SUCCESS = MqttReasonCodes.PubAck.SUCCESS.byteValue();
    private static final byte NOT_AUTHORIZED = MqttReasonCodes.PubAck.NOT_AUTHORIZED.byteValue();
    private static final byte PAYLOAD_FORMAT_INVALID = MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID.byteValue();

    private final GatewayContext context;

    PublishFlow(GatewayContext context) {
        this.context = context;
    }

    void onPublish(ChannelHandlerContext ctx, Connection connection, MqttPublishMessage message) {
        long receivedNanos = context.nanoTime().getAsLong();
        context.metrics().received();
        MqttQoS qos = message.fixedHeader().qosLevel();
        if (refusedFeature(connection, message, qos)) {
            return;
        }
        String topic = message.variableHeader().topicName();
        int packetId = qos == MqttQoS.AT_LEAST_ONCE ? message.variableHeader().packetId() : -1;
        if (!TelemetryTopic.mayPublish(connection.serial(), topic)) {
            deny(ctx, connection, packetId, receivedNanos);
            return;
        }
        if (connection.v5() && packetId >= 0
                && connection.acks.awaitingAck() >= context.limits().maxInflightPerConnection()) {
            connection.close(CloseReason.PROTOCOL_VIOLATION, MqttReasonCodes.Disconnect.RECEIVE_MAXIMUM_EXCEEDED);
            return;
        }
        String serial = connection.serial() != null ? connection.serial() : TelemetryTopic.serialOf(topic).orElseThrow();
        byte[] payload = ByteBufUtil.getBytes(message.payload());
        Verdict verdict = context.validator().validate(payload, serial);
        CompletionStage<Void> stored;
        byte reasonCode;
        switch (verdict) {
            case Verdict.Accepted accepted -> {
                stored = context.sink().accept(serial, payload);
                reasonCode = SUCCESS;
            }
            case Verdict.Rejected rejected -> {
                context.metrics().rejected(rejected.reason());
                log.debug("Rejected report [serial={}, reason={}]", serial, rejected.reason());
                stored = context.sink().reject(context.rejectedRecords().of(rejected, serial, topic, payload));
                reasonCode = rejected.reason() == RejectionReason.SERIAL_MISMATCH ? NOT_AUTHORIZED : PAYLOAD_FORMAT_INVALID;
            }
        }
        track(ctx, connection, packetId, reasonCode, receivedNanos, payload.length, stored,
                verdict instanceof Verdict.Accepted);
        applyLimits(ctx, connection);
    }

    /** QoS 2, retain and topic aliases are not offered; MQTT 5 says so with a reason, 3.1.1 can only close. */
    private static boolean refusedFeature(Connection connection, MqttPublishMessage message, MqttQoS qos) {
        if (qos == MqttQoS.EXACTLY_ONCE) {
            connection.close(CloseReason.UNSUPPORTED, MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED);
            return true;
        }
        if (connection.v5() && message.fixedHeader().isRetain()) {
            connection.close(CloseReason.UNSUPPORTED, MqttReasonCodes.Disconnect.RETAIN_NOT_SUPPORTED);
            return true;
        }
        if (connection.v5() && message.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS) != null) {
            connection.close(CloseReason.PROTOCOL_VIOLATION, MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID);
            return true;
        }
        return false;
    }

    /**
     * Not this client's topic. MQTT 5 QoS 1 gets PUBACK 0x87 and stays connected; MQTT 5 QoS 0
     * gets DISCONNECT 0x87; MQTT 3.1.1 cannot refuse a PUBLISH, and acknowledging it would tell the
     * printer it was delivered, so the connection is closed.
     */
    private void deny(ChannelHandlerContext ctx, Connection connection, int packetId, long receivedNanos) {
        context.metrics().denied();
        if (connection.v5() && packetId >= 0) {
            track(ctx, connection, packetId, NOT_AUTHORIZED, receivedNanos, 0, CompletableFuture.completedFuture(null),
                    false);
            return;
        }
        connection.close(CloseReason.NOT_AUTHORIZED, MqttReasonCodes.Disconnect.NOT_AUTHORIZED);
    }

    private void track(ChannelHandlerContext ctx, Connection connection, int packetId, byte reasonCode,
                       long receivedNanos, int size, CompletionStage<Void> stored, boolean accepted) {
        PendingAcks.Entry entry = connection.acks.add(packetId, reasonCode, receivedNanos);
        context.budget().take(size);
        stored.whenComplete((ignored, error) -> {
            if (error == null && accepted) {
                context.metrics().accepted();
            }
            try {
                ctx.executor().execute(() -> onStored(ctx, connection, entry, error));
            } catch (RejectedExecutionException e) {
                // Event loop gone after a drain timeout: the client resends what it did not see acknowledged.
            } finally {
                // Released after the PUBACK task is queued: a draining shutdown that sees the budget
                // empty queues its DISCONNECT behind that PUBACK on the same event loop.
                context.budget().release(size);
            }
        });
    }

    private void onStored(ChannelHandlerContext ctx, Connection connection, PendingAcks.Entry entry, Throwable error) {
        if (connection.state == Connection.State.CLOSING) {
            log.debug("Stored after close began, not acknowledged [serial={}, packetId={}]", connection.serial(),
                    entry.packetId);
            return;
        }
        if (error instanceof SinkUnavailableException unavailable) {
            // expected for every report of an outage: one line each, no stack (the sink logged the cause once)
            log.debug("Kafka unavailable, closing so the printer resends later [serial={}, why={}]",
                    connection.serial(), unavailable.getMessage());
            connection.close(CloseReason.KAFKA_FAILURE, MqttReasonCodes.Disconnect.SERVER_BUSY);
            return;
        }
        if (error != null) {
            log.warn("Kafka did not store a report, closing so the printer resends it [serial={}]",
                    connection.serial(), error);
            connection.close(CloseReason.KAFKA_FAILURE, MqttReasonCodes.Disconnect.SERVER_BUSY);
            return;
        }
        int released = connection.acks.complete(entry, done -> {
            if (done.needsAck()) {
                connection.write(Replies.pubAck(done.packetId, done.reasonCode));
                context.metrics().pubackLatency(context.nanoTime().getAsLong() - done.receivedNanos);
            }
        });
        if (released > 0 && !connection.flushPending) {
            // Kafka completes a whole batch at once; one flush after the queued completions saves a
            // write syscall per PUBACK.
            connection.flushPending = true;
            ctx.executor().execute(() -> {
                connection.flushPending = false;
                connection.flush();
            });
        }
        if (connection.acks.size() < context.limits().maxInflightPerConnection()) {
            connection.gate.open(ReadGate.Reason.INFLIGHT);
        }
    }

    private void applyLimits(ChannelHandlerContext ctx, Connection connection) {
        if (connection.acks.size() >= context.limits().maxInflightPerConnection()) {
            pause(connection, ReadGate.Reason.INFLIGHT);
        }
        long waitNanos = connection.rate.acquire();
        if (waitNanos > 0 && !connection.gate.holds(ReadGate.Reason.RATE)) {
            pause(connection, ReadGate.Reason.RATE);
            ctx.executor().schedule(() -> connection.gate.open(ReadGate.Reason.RATE), waitNanos, TimeUnit.NANOSECONDS);
        }
        if (context.budget().exhausted() && !connection.gate.holds(ReadGate.Reason.BUDGET)) {
            pause(connection, ReadGate.Reason.BUDGET);
            scheduleBudgetCheck(ctx, connection);
        }
    }

    private void scheduleBudgetCheck(ChannelHandlerContext ctx, Connection connection) {
        ctx.executor().schedule(() -> {
            if (context.budget().exhausted() && ctx.channel().isActive()) {
                scheduleBudgetCheck(ctx, connection);
            } else {
                connection.gate.open(ReadGate.Reason.BUDGET);
            }
        }, BUDGET_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void pause(Connection connection, ReadGate.Reason reason) {
        if (connection.gate.close(reason)) {
            context.metrics().backpressurePause();
        }
    }
}
