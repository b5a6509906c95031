package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.metrics.CloseReason;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live connections by client id, so a second connection with the same id takes over, a revoked
 * device is disconnected, and shutdown reaches everyone. Client ids are namespaced by the
 * authenticated serial: one printer cannot kick another by borrowing its client id.
 */
public final class SessionRegistry {

    /** What the registry can ask of a live connection; implementations hop to their event loop. */
    interface Live {
        String serial();

        void kick(CloseReason reason, MqttReasonCodes.Disconnect code);

        void stopReading();
    }

    private final Map<String, Live> byClientKey = new ConcurrentHashMap<>();

    static String key(String serial, String clientId) {
        return (serial == null ? "" : serial) + '\u0000' + clientId;
    }

    void register(String key, Live connection) {
        Live previous = byClientKey.put(key, connection);
        if (previous != null && previous != connection) {
            previous.kick(CloseReason.TAKEN_OVER, MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER);
        }
    }

    void unregister(String key, Live connection) {
        byClientKey.remove(key, connection);
    }

    /** Disconnects every connection of {@code serial}; called when its credential is revoked or deleted. */
    public void revoke(String serial) {
        byClientKey.values().stream()
                .filter(live -> serial.equals(live.serial()))
                .forEach(live -> live.kick(CloseReason.REVOKED, MqttReasonCodes.Disconnect.ADMINISTRATIVE_ACTION));
    }

    /** First step of a graceful shutdown: no connection reads anything new. */
    public void stopReadingAll() {
        byClientKey.values().forEach(Live::stopReading);
    }

    public void disconnectAll() {
        byClientKey.values().forEach(live ->
                live.kick(CloseReason.SHUTDOWN, MqttReasonCodes.Disconnect.SERVER_SHUTTING_DOWN));
    }

    public int size() {
        return byClientKey.size();
    }
}
