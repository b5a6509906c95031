package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.metrics.CloseReason;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

        /** Completes once the connection's event loop has stopped reading it. */
        Future<?> stopReading();

        /** Closes the connection on its event loop when the client has been silent past its keepalive. */
        void closeIfSilent(long nowNanos);
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

    /**
     * First step of a graceful shutdown: no connection reads anything new. Waits (up to
     * {@code timeout}) until every event loop has applied it, so that counting what is in flight
     * afterwards is final.
     */
    public void stopReadingAll(Duration timeout) {
        List<Future<?>> stopped = byClientKey.values().stream().<Future<?>>map(Live::stopReading).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<?> future : stopped) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // A connection that cannot be paused is closed with the rest at the end of the drain.
            }
        }
    }

    /**
     * The keepalive of every connection, in one sweep rather than a timer per connection (a timer costs each
     * idle printer about 300 bytes). Cheap for the connections still heard from: a read of one field each.
     */
    public void closeSilent(long nowNanos) {
        byClientKey.values().forEach(live -> live.closeIfSilent(nowNanos));
    }

    public void disconnectAll() {
        byClientKey.values().forEach(live ->
                live.kick(CloseReason.SHUTDOWN, MqttReasonCodes.Disconnect.SERVER_SHUTTING_DOWN));
    }

    public int size() {
        return byClientKey.size();
    }
}
