package io.inkflow.simulator.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** MQTT 3.1.1 through Paho's v3 async client on the shared {@link PahoExecutor}. */
final class PahoV3Link extends PahoLink<MqttAsyncClient> {
    private PahoV3Link(MqttSettings settings, String clientId, PahoExecutor executor) {
        super(settings, () -> client(settings, clientId, executor), MqttAsyncClient::isConnected,
                MqttAsyncClient::disconnectForcibly, client -> client.close(true));
    }

    static PahoV3Link create(MqttSettings settings, String clientId, PahoExecutor executor) {
        return new PahoV3Link(settings, clientId, executor);
    }

    private static MqttAsyncClient client(MqttSettings settings, String clientId, PahoExecutor executor) {
        try {
            // Explicit ping sender and executor: Paho's defaults start a Timer thread and three
            // platform threads per client.
            return new MqttAsyncClient(settings.serverUri(), clientId, new MemoryPersistence(),
                    new ScheduledExecutorPingSender(executor), executor);
        } catch (MqttException e) {
            throw new IllegalArgumentException("Cannot create MQTT client for " + clientId, e);
        }
    }

    @Override
    void startConnect(MqttAsyncClient client, String username, byte[] password, ConnectOutcome outcome,
                      LinkListener listener) throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(username);
        options.setPassword(new String(password, StandardCharsets.UTF_8).toCharArray());
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // its reconnect timer is a thread per client; we reconnect ourselves
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout(settings.connectTimeoutSeconds());
        options.setMaxInflight(1000);
        settings.socketFactory().ifPresent(options::setSocketFactory);
        options.setHttpsHostnameVerificationEnabled(settings.verifyHostname());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                listener.connectionLost(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Printers subscribe to nothing.
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Outcomes arrive on the per-publish listener.
            }
        });
        client.connect(options, null, listener(token -> outcome.connected(), cause -> connectFailed(outcome, cause)));
    }

    @Override
    void startPublish(MqttAsyncClient client, String topic, byte[] payload, boolean dup, PublishOutcome outcome)
            throws MqttException {
        MqttMessage message = dup ? new DupMessage(payload) : new MqttMessage(payload);
        message.setQos(1);
        client.publish(topic, message, null, listener(token -> outcome.acked(0), outcome::failed));
    }

    @Override
    int reasonCode(Exception e) {
        return e instanceof MqttException mqtt ? mqtt.getReasonCode() : -1;
    }

    @Override
    boolean notAuthorized(Throwable cause) {
        return cause instanceof MqttException e
                && (e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED);
    }

    private static IMqttActionListener listener(Consumer<IMqttToken> success, Consumer<Throwable> failure) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                success.accept(token);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                failure.accept(cause);
            }
        };
    }

    /** Paho only lets subclasses set the DUP flag on a message. */
    private static final class DupMessage extends MqttMessage {
        DupMessage(byte[] payload) {
            super(payload);
            setDuplicate(true);
        }
    }
}
