package io.inkflow.gateway.mqtt;

import static io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1;
import static io.netty.handler.codec.mqtt.MqttVersion.MQTT_5;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.gateway.ingest.TelemetryTopic;
import io.inkflow.gateway.metrics.CloseReason;
import io.inkflow.gateway.testing.ControllableSink;
import io.inkflow.gateway.testing.Reports;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The protocol state machine on an EmbeddedChannel: what goes in, what comes out, how it ends. */
class MqttConnectionHandlerTest {
    private static final String SERIAL = "EMB-0001";
    private static final String TOPIC = TelemetryTopic.of(SERIAL);

    private GatewayHarness gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private GatewayHarness connected(MqttVersion version) {
        gateway = GatewayHarness.open().speak(version);
        gateway.send(Packets.connect(version, "client-1", 30));
        List<MqttMessage> replies = gateway.replies();
        assertThat(replies).hasSize(1);
        assertThat(connAckCode(replies.getFirst())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return gateway;
    }

    @Test
    void acceptsConnectAndAnswersPing() {
        connected(MQTT_3_1_1);
        gateway.send(Packets.pingReq());
        assertThat(gateway.replies()).extracting(m -> m.fixedHeader().messageType())
                .containsExactly(MqttMessageType.PINGRESP);
        assertThat(gateway.channel.isActive()).isTrue();
    }

    @Test
    void firstPacketOtherThanConnectClosesWithoutReply() {
        gateway = GatewayHarness.open();
        gateway.sendBytes(0xC0, 0x00); // PINGREQ
        assertThat(gateway.replies()).isEmpty();
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.PROTOCOL_VIOLATION)).isEqualTo(1);
    }

    @Test
    void reservedPacketTypeZeroIsMalformed() {
        gateway = GatewayHarness.open();
        gateway.sendBytes(0x00, 0x00);
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.MALFORMED_PACKET)).isEqualTo(1);
    }

    @Test
    void connectWithReservedFlagSetIsMalformed() {
        gateway = GatewayHarness.open();
        // CONNECT, MQTT level 4, flags 0x03 (clean session + reserved bit), keepalive 60, client id "a"
        gateway.sendBytes(0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x03, 0x00, 0x3C, 0x00, 0x01, 'a');
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.MALFORMED_PACKET)).isEqualTo(1);
    }

    @Test
    void unknownProtocolLevelGetsUnacceptableVersion() {
        gateway = GatewayHarness.open().speak(MQTT_3_1_1);
        gateway.sendBytes(0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x09, 0x02, 0x00, 0x3C, 0x00, 0x01, 'a');
        List<MqttMessage> replies = gateway.replies();
        assertThat(replies).hasSize(1);
        assertThat(connAckCode(replies.getFirst()))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
        assertThat(gateway.channel.isActive()).isFalse();
    }

    @Test
    void secondConnectGetsProtocolErrorInMqtt5() {
        connected(MQTT_5);
        gateway.send(Packets.connect(MQTT_5, "client-1", 30));
        assertThat(disconnectCodes(gateway.replies())).containsExactly((byte) 0x82);
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.PROTOCOL_VIOLATION)).isEqualTo(1);
    }

    @Test
    void secondConnectClosesMqtt311WithoutReply() {
        connected(MQTT_3_1_1);
        gateway.send(Packets.connect(MQTT_3_1_1, "client-1", 30));
        assertThat(gateway.replies()).isEmpty();
        assertThat(gateway.channel.isActive()).isFalse();
    }

    @Test
    void oversizePacketIsRefusedFromItsHeaderAlone() {
        connected(MQTT_5);
        // PUBLISH announcing 1 MiB; only the fixed header is ever sent.
        gateway.sendBytes(0x30, 0x80, 0x80, 0x40);
        assertThat(disconnectCodes(gateway.replies())).containsExactly((byte) 0x95);
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.PACKET_TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void remainingLengthOfFiveBytesIsMalformed() {
        connected(MQTT_5);
        gateway.sendBytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F);
        assertThat(disconnectCodes(gateway.replies())).containsExactly((byte) 0x81);
        assertThat(gateway.closed(CloseReason.MALFORMED_PACKET)).isEqualTo(1);
    }

    /**
     * The decoder is shared by the connections of a thread: a packet whose contents run past its length
     * closes its own connection as malformed, and the next connection on the thread decodes as if it were first.
     */
    @Test
    void packetLongerInsideThanItsLengthIsMalformedAndLeavesTheNextConnectionUntouched() {
        connected(MQTT_3_1_1);
        // PUBLISH QoS 1, remaining length 4, announcing a topic of 32 bytes
        gateway.sendBytes(0x32, 0x04, 0x00, 0x20, 'a', 'b');
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.MALFORMED_PACKET)).isEqualTo(1);
        gateway.close();

        connected(MQTT_3_1_1);
        gateway.send(Packets.pingReq());
        assertThat(gateway.replies()).extracting(m -> m.fixedHeader().messageType())
                .containsExactly(MqttMessageType.PINGRESP);
    }

    @Test
    void publishWithQosThreeIsMalformed() {
        connected(MQTT_3_1_1);
        gateway.sendBytes(0x36, 0x05, 0x00, 0x01, 'a', 0x00, 0x01);
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.MALFORMED_PACKET)).isEqualTo(1);
    }

    @Test
    void publishToWildcardTopicIsMalformed() {
        connected(MQTT_3_1_1);
        gateway.sendBytes(0x30, 0x03, 0x00, 0x01, '#');
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.MALFORMED_PACKET)).isEqualTo(1);
    }

    @Test
    void silentTcpConnectionIsClosedAfterConnectTimeout() {
        gateway = GatewayHarness.open();
        gateway.advance(gateway.limits.connectTimeout().minusMillis(100));
        assertThat(gateway.channel.isActive()).isTrue();
        gateway.advance(Duration.ofMillis(200));
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.CONNECT_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void clientSilentForOneAndAHalfKeepalivesIsDisconnected() {
        connected(MQTT_5); // keepalive 30 s
        gateway.advance(Duration.ofSeconds(44));
        assertThat(gateway.channel.isActive()).isTrue();
        gateway.advance(Duration.ofSeconds(2));
        assertThat(disconnectCodes(gateway.replies())).containsExactly((byte) 0x8D);
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.KEEPALIVE_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void qos2IsRefusedWithQosNotSupportedInMqtt5() {
        connected(MQTT_5);
        gateway.send(Packets.publish(TOPIC, MqttQoS.EXACTLY_ONCE, 1, Reports.bytes(SERIAL, 1)));
        assertThat(disconnectCodes(gateway.replies())).containsExactly((byte) 0x9B);
        assertThat(gateway.sink.writes()).isEmpty();
        assertThat(gateway.closed(CloseReason.UNSUPPORTED)).isEqualTo(1);
    }

    @Test
    void qos2ClosesMqtt311Connection() {
        connected(MQTT_3_1_1);
        gateway.send(Packets.publish(TOPIC, MqttQoS.EXACTLY_ONCE, 1, Reports.bytes(SERIAL, 1)));
        assertThat(gateway.replies()).isEmpty();
        assertThat(gateway.channel.isActive()).isFalse();
    }

    @Test
    void subscribeIsRefusedPerFilter() {
        connected(MQTT_3_1_1);
        gateway.send(MqttMessageBuilders.subscribe().messageId(7).addSubscription(MqttQoS.AT_LEAST_ONCE, "a/b")
                .addSubscription(MqttQoS.AT_MOST_ONCE, "c/#").build());
        List<MqttMessage> replies = gateway.replies();
        assertThat(replies).hasSize(1);
        assertThat(((MqttSubAckMessage) replies.getFirst()).payload().reasonCodes()).containsExactly(0x80, 0x80);
        assertThat(gateway.channel.isActive()).isTrue();
    }

    @Test
    void subscribeIsNotAuthorizedInMqtt5() {
        connected(MQTT_5);
        gateway.send(MqttMessageBuilders.subscribe().messageId(7).addSubscription(MqttQoS.AT_LEAST_ONCE, "a/b").build());
        List<MqttMessage> replies = gateway.replies();
        assertThat(((MqttSubAckMessage) replies.getFirst()).payload().reasonCodes()).containsExactly(0x87);
    }

    @Test
    void pubackWaitsForTheSinkToStoreTheReport() {
        gateway = new GatewayHarness(new ControllableSink().holdWrites(), false, GatewayHarness.limits(4))
                .speak(MQTT_3_1_1);
        gateway.send(Packets.connect(MQTT_3_1_1, "client-1", 30));
        gateway.replies();
        gateway.send(Packets.publish(TOPIC, MqttQoS.AT_LEAST_ONCE, 11, Reports.bytes(SERIAL, 1)));
        assertThat(gateway.replies()).isEmpty();
        assertThat(gateway.sink.writes()).hasSize(1);
        gateway.sink.write(0).stored().complete(null);
        assertThat(pubAckIds(gateway.replies())).containsExactly(11);
    }

    @Test
    void pubacksFollowArrivalOrderEvenWhenKafkaAnswersOutOfOrder() {
        gateway = new GatewayHarness(new ControllableSink().holdWrites(), false, GatewayHarness.limits(4))
                .speak(MQTT_3_1_1);
        gateway.send(Packets.connect(MQTT_3_1_1, "client-1", 30));
        gateway.replies();
        gateway.send(Packets.publish(TOPIC, MqttQoS.AT_LEAST_ONCE, 1, Reports.bytes(SERIAL, 1)));
        gateway.send(Packets.publish(TOPIC, MqttQoS.AT_LEAST_ONCE, 2, "not json".getBytes()));
        gateway.sink.write(1).stored().complete(null);
        assertThat(gateway.replies()).isEmpty();
        gateway.sink.write(0).stored().complete(null);
        assertThat(pubAckIds(gateway.replies())).containsExactly(1, 2);
    }

    @Test
    void stopsReadingAtTheInflightBoundAndResumesWhenKafkaCatchesUp() {
        gateway = new GatewayHarness(new ControllableSink().holdWrites(), false, GatewayHarness.limits(2))
                .speak(MQTT_3_1_1);
        gateway.send(Packets.connect(MQTT_3_1_1, "client-1", 30));
        gateway.replies();
        gateway.send(Packets.publish(TOPIC, MqttQoS.AT_LEAST_ONCE, 1, Reports.bytes(SERIAL, 1)));
        assertThat(gateway.channel.config().isAutoRead()).isTrue();
        gateway.send(Packets.publish(TOPIC, MqttQoS.AT_LEAST_ONCE, 2, Reports.bytes(SERIAL, 2)));
        assertThat(gateway.channel.config().isAutoRead()).isFalse();
        gateway.sink.write(0).stored().complete(null);
        gateway.replies();
        assertThat(gateway.channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aDeviceAboveItsRateStopsBeingReadUntilTheBucketRefills() {
        gateway = new GatewayHarness(new ControllableSink(), false,
                new io.inkflow.gateway.GatewayConfig.Limits(4096, 2048, Duration.ofSeconds(5), 100, 10, 2))
                .speak(MQTT_3_1_1);
        gateway.send(Packets.connect(MQTT_3_1_1, "client-1", 30));
        gateway.replies();
        gateway.send(Packets.publish(TOPIC, MqttQoS.AT_LEAST_ONCE, 1, Reports.bytes(SERIAL, 1)));
        gateway.send(Packets.publish(TOPIC, MqttQoS.AT_LEAST_ONCE, 2, Reports.bytes(SERIAL, 2)));
        assertThat(gateway.channel.config().isAutoRead()).isTrue();
        gateway.send(Packets.publish(TOPIC, MqttQoS.AT_LEAST_ONCE, 3, Reports.bytes(SERIAL, 3)));
        // Over the burst: still processed and acknowledged (never dropped), but reading pauses.
        assertThat(pubAckIds(gateway.replies())).containsExactly(1, 2, 3);
        assertThat(gateway.channel.config().isAutoRead()).isFalse();
        gateway.advance(Duration.ofMillis(150));
        assertThat(gateway.channel.config().isAutoRead()).isTrue();
    }

    @Test
    void badReportGetsPayloadFormatInvalidAfterItsRejectionIsStored() {
        gateway = new GatewayHarness(new ControllableSink().holdWrites(), false, GatewayHarness.limits(4))
                .speak(MQTT_5);
        gateway.send(Packets.connect(MQTT_5, "client-1", 30));
        gateway.replies();
        gateway.send(Packets.publish(TOPIC, MqttQoS.AT_LEAST_ONCE, 5, "{\"serial\":".getBytes()));
        assertThat(gateway.replies()).isEmpty();
        assertThat(gateway.sink.write(0).rejected().reason().name()).isEqualTo("NOT_JSON");
        gateway.sink.write(0).stored().complete(null);
        List<MqttMessage> replies = gateway.replies();
        assertThat(pubAckIds(replies)).containsExactly(5);
        assertThat(((MqttPubReplyMessageVariableHeader) replies.getFirst().variableHeader()).reasonCode())
                .isEqualTo((byte) 0x99);
        assertThat(gateway.channel.isActive()).isTrue();
    }

    @Test
    void kafkaFailureClosesWithoutAcknowledging() {
        gateway = new GatewayHarness(new ControllableSink().holdWrites(), false, GatewayHarness.limits(4))
                .speak(MQTT_5);
        gateway.send(Packets.connect(MQTT_5, "client-1", 30));
        gateway.replies();
        gateway.send(Packets.publish(TOPIC, MqttQoS.AT_LEAST_ONCE, 5, Reports.bytes(SERIAL, 1)));
        gateway.sink.write(0).stored().completeExceptionally(new IOException("broker gone"));
        assertThat(disconnectCodes(gateway.replies())).containsExactly((byte) 0x89);
        assertThat(gateway.closed(CloseReason.KAFKA_FAILURE)).isEqualTo(1);
    }

    @Test
    void mqtt311PublishOutsideTelemetryTopicsClosesTheConnection() {
        connected(MQTT_3_1_1);
        gateway.send(Packets.publish("printers/x/config", MqttQoS.AT_LEAST_ONCE, 3, Reports.bytes(SERIAL, 1)));
        assertThat(gateway.replies()).isEmpty();
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.NOT_AUTHORIZED)).isEqualTo(1);
    }

    @Test
    void qos0ReportIsStoredWithoutAcknowledgement() {
        connected(MQTT_3_1_1);
        gateway.send(Packets.publish(TOPIC, MqttQoS.AT_MOST_ONCE, 0, Reports.bytes(SERIAL, 1)));
        assertThat(gateway.replies()).isEmpty();
        assertThat(gateway.sink.writes()).singleElement().satisfies(w -> assertThat(w.serial()).isEqualTo(SERIAL));
    }

    @Test
    void disconnectClosesAndIsCountedAsClientDisconnect() {
        connected(MQTT_3_1_1);
        gateway.send(Packets.disconnect());
        assertThat(gateway.channel.isActive()).isFalse();
        assertThat(gateway.closed(CloseReason.CLIENT_DISCONNECT)).isEqualTo(1);
    }

    static MqttConnectReturnCode connAckCode(MqttMessage message) {
        return ((MqttConnAckMessage) message).variableHeader().connectReturnCode();
    }

    static List<Byte> disconnectCodes(List<MqttMessage> replies) {
        return replies.stream().filter(m -> m.fixedHeader().messageType() == MqttMessageType.DISCONNECT)
                .map(m -> ((MqttReasonCodeAndPropertiesVariableHeader) m.variableHeader()).reasonCode()).toList();
    }

    static List<Integer> pubAckIds(List<MqttMessage> replies) {
        return replies.stream().filter(m -> m.fixedHeader().messageType() == MqttMessageType.PUBACK)
                .map(m -> ((MqttMessageIdVariableHeader) m.variableHeader()).messageId()).toList();
    }
}
