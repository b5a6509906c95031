package io.inkflow.gateway.mqtt;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.Arrays;

/** The packets the gateway sends, shaped for the client's protocol version. */
final class Replies {
    /** Why a CONNECT is refused; each maps to the code its protocol version defines. */
    enum Refusal {
        UNSUPPORTED_VERSION(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION),
        IDENTIFIER_REJECTED(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID),
        BAD_CREDENTIALS(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD),
        THROTTLED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED),
        UNAVAILABLE(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5),
        BAD_AUTH_METHOD(null, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD),
        MALFORMED(null, MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET),
        PACKET_TOO_LARGE(null, MqttConnectReturnCode.CONNECTION_REFUSED_PACKET_TOO_LARGE);

        private final MqttConnectReturnCode v3;
        private final MqttConnectReturnCode v5;

        Refusal(MqttConnectReturnCode v3, MqttConnectReturnCode v5) {
            this.v3 = v3;
            this.v5 = v5;
        }

        /** The code to send, or null when the version has none and the connection just closes. */
        MqttConnectReturnCode code(MqttVersion version) {
            return version == MqttVersion.MQTT_5 ? v5 : v3;
        }
    }

    private Replies() {
    }

    static MqttConnAckMessage connAckRefused(MqttConnectReturnCode code) {
        return MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build();
    }

    /**
     * CONNACK accepting the client. For MQTT 5 it tells the client what this gateway does not
     * support, so a well-behaved client never tries it: no QoS 2, no retain, no subscriptions, no
     * topic aliases, no stored session.
     */
    static MqttConnAckMessage connAckAccepted(MqttVersion version, String assignedClientId, int receiveMaximum,
                                              int maxPacketBytes, boolean sessionExpiryRequested) {
        MqttMessageBuilders.ConnAckBuilder builder = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(false);
        if (version == MqttVersion.MQTT_5) {
            builder.properties(p -> {
                p.maximumQos((byte) 1).retainAvailable(false).receiveMaximum(receiveMaximum)
                        .maximumPacketSize(maxPacketBytes).topicAliasMaximum(0)
                        .wildcardSubscriptionAvailable(false).subscriptionIdentifiersAvailable(false)
                        .sharedSubscriptionAvailable(false);
                if (assignedClientId != null) {
                    p.assignedClientId(assignedClientId);
                }
                if (sessionExpiryRequested) {
                    p.sessionExpiryInterval(0);
                }
            });
        }
        return builder.build();
    }

    static MqttMessage pubAck(int packetId, byte reasonCode) {
        return MqttMessageBuilders.pubAck().packetId(packetId).reasonCode(reasonCode).build();
    }

    static MqttMessage pingResp() {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    static MqttMessage disconnect(MqttReasonCodes.Disconnect reason) {
        return MqttMessageBuilders.disconnect().reasonCode(reason.byteValue()).build();
    }

    /** Refuses every filter: 0x80 Failure in 3.1.1, 0x87 Not authorized in 5. */
    static MqttSubAckMessage subAckRefused(MqttVersion version, int packetId, int filters) {
        int code = version == MqttVersion.MQTT_5
                ? MqttReasonCodes.SubAck.NOT_AUTHORIZED.byteValue() & 0xFF
                : MqttQoS.FAILURE.value();
        int[] codes = new int[filters];
        Arrays.fill(codes, code);
        return new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes));
    }

    /** 3.1.1 UNSUBACK has no codes; 5 says 0x11 No subscription existed for every filter. */
    static MqttUnsubAckMessage unsubAck(MqttVersion version, int packetId, int filters) {
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
        MqttMessageIdAndPropertiesVariableHeader variable =
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES);
        if (version != MqttVersion.MQTT_5) {
            return new MqttUnsubAckMessage(header, variable, null);
        }
        short[] codes = new short[filters];
        Arrays.fill(codes, (short) (MqttReasonCodes.UnsubAck.NO_SUBSCRIPTION_EXISTED.byteValue() & 0xFF));
        return new MqttUnsubAckMessage(header, variable, new MqttUnsubAckPayload(codes));
    }
}
