package io.inkflow.simulator.mqtt;

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
final class PahoV3Link implements PrinterLink {
    private static final int NOT_CONNECTED = 32104;

    private final MqttAsyncClient client;
    private final MqttSettings settings;

    PahoV3Link(MqttSettings settings, String clientId, PahoExecutor executor) {
        this.settings = settings;
        try {
            // Explicit ping sender and executor: Paho's defaults start a Timer thread and three
            // platform threads per client.
            this.client = new MqttAsyncClient(settings.serverUri(), clientId, new MemoryPersistence(),
                    new ScheduledExecutorPingSender(executor), executor);
        } catch (MqttException e) {
            throw new IllegalArgumentException("Cannot create MQTT client for " + clientId, e);
        }
    }

    @Override
    public void connect(String username, byte[] password, ConnectOutcome outcome, LinkListener listener) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(username);
        options.setPassword(new String(password, java.nio.charset.StandardCharsets.UTF_8).toCharArray());
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
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    outcome.connected();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    outcome.failed(cause, notAuthorized(cause));
                }
            });
        } catch (MqttException e) {
            outcome.failed(e, notAuthorized(e));
        }
    }

    @Override
    public void publish(String topic, byte[] payload, boolean dup, PublishOutcome outcome) throws LinkException {
        MqttMessage message = dup ? new DupMessage(payload) : new MqttMessage(payload);
        message.setQos(1);
        try {
            client.publish(topic, message, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    outcome.acked(0);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    outcome.failed(cause);
                }
            });
        } catch (MqttException e) {
            throw new LinkException(e, e.getReasonCode() == NOT_CONNECTED);
        }
    }

    @Override
    public void drop() {
        try {
            client.disconnectForcibly(0, 1000, false);
        } catch (MqttException e) {
            // Already down: exactly what a drop wants.
        }
    }

    @Override
    public void disconnect() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 2000, true);
            }
        } catch (MqttException e) {
            drop();
        }
    }

    @Override
    public void close() {
        try {
            client.close(true);
        } catch (MqttException e) {
            // Closing a client that never connected or is already closed.
        }
    }

    static boolean notAuthorized(Throwable cause) {
        return cause instanceof MqttException e
                && (e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED);
    }

    /** Paho only lets subclasses set the DUP flag on a message. */
    private static final class DupMessage extends MqttMessage {
        DupMessage(byte[] payload) {
            super(payload);
            setDuplicate(true);
        }
    }
}
