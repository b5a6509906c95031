package io.inkflow.gateway.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;

/** Client packets for handler tests. */
final class Packets {
    private Packets() {
    }

    static MqttConnectMessage connect(MqttVersion version, String clientId, int keepAliveSeconds) {
        return MqttMessageBuilders.connect().protocolVersion(version).clientId(clientId).cleanSession(true)
                .keepAlive(keepAliveSeconds).build();
    }

    static MqttConnectMessage connect(MqttVersion version, String serial, String password) {
        return MqttMessageBuilders.connect().protocolVersion(version).clientId(serial).cleanSession(true)
                .keepAlive(60).hasUser(true).username(serial).hasPassword(true)
                .password(password.getBytes(StandardCharsets.UTF_8)).build();
    }

    static MqttPublishMessage publish(String topic, MqttQoS qos, int packetId, byte[] payload) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId).retained(false)
                .payload(Unpooled.wrappedBuffer(payload)).build();
    }

    static MqttMessage pingReq() {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    static MqttMessage disconnect() {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }
}
