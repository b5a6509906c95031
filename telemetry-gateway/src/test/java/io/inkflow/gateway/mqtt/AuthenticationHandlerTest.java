package io.inkflow.gateway.mqtt;

import static io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1;
import static io.netty.handler.codec.mqtt.MqttVersion.MQTT_5;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.gateway.auth.AuthThrottle;
import io.inkflow.gateway.ingest.TelemetryTopic;
import io.inkflow.gateway.metrics.CloseReason;
import io.inkflow.gateway.testing.ControllableSink;
import io.inkflow.gateway.testing.Credentials;
import io.inkflow.gateway.testing.Reports;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CONNECT authentication and per-device authorization through the real pipeline. */
class AuthenticationHandlerTest {
    private static final String SERIAL = "AUTHN-0001";
    private static final String SECRET = "device-secret";

    private GatewayHarness gateway() {
        return gateway(new AuthThrottle(Clock.systemUTC(), 3, Duration.ofMinutes(1)));
    }

    private GatewayHarness gateway(AuthThrottle throttle) {
        GatewayHarness gateway = new GatewayHarness(new ControllableSink(), true, GatewayHarness.limits(4), throttle);
        gateway.credentials.apply(SERIAL, Credentials.active(SERIAL, SECRET));
        return gateway;
    }

    private static MqttConnectReturnCode connect(GatewayHarness gateway, String password) {
        gateway.send(Packets.connect(MQTT_3_1_1, SERIAL, password));
        List<MqttMessage> replies = gateway.replies();
        assertThat(replies).hasSize(1);
        return MqttConnectionHandlerTest.connAckCode(replies.getFirst());
    }

    @Test
    void rightSecretConnectsAndWrongSecretIsRefused() {
        try (GatewayHarness ok = gateway().speak(MQTT_3_1_1); GatewayHarness bad = gateway().speak(MQTT_3_1_1)) {
            assertThat(connect(ok, SECRET)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(connect(bad, "guess")).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            assertThat(bad.channel.isActive()).isFalse();
            assertThat(bad.closed(CloseReason.CONNECT_REFUSED)).isEqualTo(1);
        }
    }

    @Test
    void mqtt5WrongSecretGetsBadUsernameOrPassword() {
        try (GatewayHarness gateway = gateway().speak(MQTT_5)) {
            gateway.send(Packets.connect(MQTT_5, SERIAL, "guess"));
            assertThat(MqttConnectionHandlerTest.connAckCode(gateway.replies().getFirst()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
        }
    }

    @Test
    void repeatedFailuresFromOneAddressAreThrottledWithoutCheckingThePassword() {
        AuthThrottle throttle = new AuthThrottle(Clock.systemUTC(), 2, Duration.ofMinutes(1));
        for (int attempt = 0; attempt < 2; attempt++) {
            try (GatewayHarness gateway = gateway(throttle).speak(MQTT_3_1_1)) {
                assertThat(connect(gateway, "guess"))
                        .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            }
        }
        try (GatewayHarness gateway = gateway(throttle).speak(MQTT_3_1_1)) {
            // Even the right secret is refused while the address is blocked.
            assertThat(connect(gateway, SECRET)).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            assertThat(gateway.registry.counter("gateway.auth", "outcome", "THROTTLED").count()).isEqualTo(1);
        }
    }

    @Test
    void connectWithoutCredentialsIsRefused() {
        try (GatewayHarness gateway = gateway().speak(MQTT_3_1_1)) {
            gateway.send(Packets.connect(MQTT_3_1_1, "anonymous", 30));
            assertThat(MqttConnectionHandlerTest.connAckCode(gateway.replies().getFirst()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        }
    }

    @Test
    void mqtt5PublishToAnotherSerialsTopicGetsNotAuthorizedAndNothingIsStored() {
        try (GatewayHarness gateway = gateway().speak(MQTT_5)) {
            gateway.send(Packets.connect(MQTT_5, SERIAL, SECRET));
            gateway.replies();
            gateway.send(Packets.publish(TelemetryTopic.of("OTHER-0001"), MqttQoS.AT_LEAST_ONCE, 9,
                    Reports.bytes("OTHER-0001", 1)));
            List<MqttMessage> replies = gateway.replies();
            assertThat(MqttConnectionHandlerTest.pubAckIds(replies)).containsExactly(9);
            assertThat(((MqttPubReplyMessageVariableHeader) replies.getFirst().variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x87);
            assertThat(gateway.sink.writes()).isEmpty();
            assertThat(gateway.channel.isActive()).isTrue();
        }
    }

    @Test
    void revocationDisconnectsMqtt5ClientWithAdministrativeAction() {
        try (GatewayHarness gateway = gateway().speak(MQTT_5)) {
            gateway.send(Packets.connect(MQTT_5, SERIAL, SECRET));
            gateway.replies();
            gateway.credentials.onRevoked(gateway.sessions()::revoke);
            gateway.credentials.apply(SERIAL, null);
            assertThat(MqttConnectionHandlerTest.disconnectCodes(gateway.replies())).containsExactly((byte) 0x98);
            assertThat(gateway.closed(CloseReason.REVOKED)).isEqualTo(1);
        }
    }
}
