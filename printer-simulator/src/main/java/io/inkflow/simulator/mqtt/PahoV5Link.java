package io.inkflow.simulator.mqtt;

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
final class PahoV5Link implements PrinterLink {
    private static final int NOT_CONNECTED = 32104;

    private final MqttAsyncClient client;
    private final MqttSettings settings;

    PahoV5Link(MqttSettings settings, String clientId, PahoExecutor executor) {
        this.settings = settings;
        try {
            this.client = new MqttAsyncClient(settings.serverUri(), clientId, new MemoryPersistence(),
                    new TimerPingSender(executor), executor);
        } catch (MqttException e) {
            throw new IllegalArgumentException("Cannot create MQTT 5 client for " + clientId, e);
        }
    }

    @Override
    public void connect(String username, byte[] password, ConnectOutcome outcome, LinkListener listener) {
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
        try {
            client.connect(options, null, new MqttActionListener() {
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
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setDuplicate(dup);
        try {
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    outcome.acked(codes == null || codes.length == 0 ? 0 : codes[0]);
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
            // Already down.
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
            // Never connected or already closed.
        }
    }

    static boolean notAuthorized(Throwable cause) {
        if (!(cause instanceof MqttException e)) {
            return false;
        }
        int code = e.getReasonCode();
        return code == 4 || code == 5 || code == 0x86 || code == 0x87;
    }
}
