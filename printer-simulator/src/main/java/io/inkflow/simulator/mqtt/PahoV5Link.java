package io.inkflow.simulator.mqtt;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** MQTT 5 through Paho's v5 async client on the shared {@link PahoExecutor}. */
final class PahoV5Link extends PahoLink<MqttAsyncClient> {
    private PahoV5Link(MqttSettings settings, String clientId, PahoExecutor executor) {
        super(settings, () -> client(settings, clientId, executor), MqttAsyncClient::isConnected,
                MqttAsyncClient::disconnectForcibly, client -> client.close(true));
    }

    static PahoV5Link create(MqttSettings settings, String clientId, PahoExecutor executor) {
        return new PahoV5Link(settings, clientId, executor);
    }

    private static MqttAsyncClient client(MqttSettings settings, String clientId, PahoExecutor executor) {
        try {
            return new MqttAsyncClient(settings.serverUri(), clientId, new MemoryPersistence(),
                    new TimerPingSender(executor), executor);
        } catch (MqttException e) {
            throw new IllegalArgumentException("Cannot create MQTT 5 client for " + clientId, e);
        }
    }

    @Override
    void startConnect(MqttAsyncClient client, String username, byte[] password, ConnectOutcome outcome,
                      LinkListener listener) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(username);
        options.setPassword(password);
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout(settings.connectTimeoutSeconds());
        settings.socketFactory().ifPresent(options::setSocketFactory);
        options.setHttpsHostnameVerificationEnabled(settings.verifyHostname());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                listener.connectionLost(response.getException() != null ? response.getException()
                        : new IllegalStateException("Server sent DISCONNECT, reason " + response.getReturnCode()));
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // Surfaces as a failed publish or a disconnect as well.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Printers subscribe to nothing.
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // Outcomes arrive on the per-publish listener.
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // The connect listener reports this.
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // No enhanced authentication.
            }
        });
        client.connect(options, null,
                listener(reasonCode -> outcome.connected(), cause -> connectFailed(outcome, cause)));
    }

    @Override
    void startPublish(MqttAsyncClient client, String topic, byte[] payload, boolean dup, PublishOutcome outcome)
            throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setDuplicate(dup);
        client.publish(topic, message, null, listener(outcome::acked, outcome::failed));
    }

    @Override
    int reasonCode(Exception e) {
        return e instanceof MqttException mqtt ? mqtt.getReasonCode() : -1;
    }

    /** CONNACK 4 and 5 (3.1.1 codes Paho keeps), 0x86 bad user name or password, 0x87 not authorized. */
    @Override
    boolean notAuthorized(Throwable cause) {
        if (!(cause instanceof MqttException e)) {
            return false;
        }
        int code = e.getReasonCode();
        return code == 4 || code == 5 || code == 0x86 || code == 0x87;
    }

    /** {@code success} hears the first reason code of the CONNACK or PUBACK (0 when none came). */
    private static MqttActionListener listener(IntConsumer success, Consumer<Throwable> failure) {
        return new MqttActionListener() {
            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                failure.accept(cause);
            }

            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                success.accept(codes == null || codes.length == 0 ? 0 : codes[0]);
            }
        };
    }
}
