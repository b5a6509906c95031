package io.inkflow.simulator.mqtt;

/**
 * One printer's MQTT connection, independent of the Paho flavour. Calls return at once; outcomes
 * arrive on Paho's threads. {@link #drop()}, {@link #disconnect()} and {@link #close()} may block
 * briefly and must not be called on the fleet's tick thread.
 */
public interface PrinterLink {

    /** Connects (again); the listener's {@code connectionLost} fires if an established connection breaks. */
    void connect(String username, byte[] password, ConnectOutcome outcome, LinkListener listener);

    /** Publishes at QoS 1; {@code dup} sets the DUP flag on this fresh PUBLISH. */
    void publish(String topic, byte[] payload, boolean dup, PublishOutcome outcome) throws LinkException;

    /** Closes the TCP connection without DISCONNECT, as a network failure would. */
    void drop();

    /** Sends DISCONNECT and closes; a connection not yet established (a CONNECT under way) is closed without. */
    void disconnect();

    /** Frees the client; it cannot connect again. */
    void close();

    interface ConnectOutcome {
        void connected();

        /** @param notAuthorized the server refused the credentials */
        void failed(Throwable cause, boolean notAuthorized);
    }

    interface PublishOutcome {
        /** PUBACK arrived; {@code reasonCode} is 0 for MQTT 3.1.1 and the v5 reason code otherwise. */
        void acked(int reasonCode);

        void failed(Throwable cause);
    }

    interface LinkListener {
        void connectionLost(Throwable cause);
    }

    /** Paho refused the publish locally (not connected, too many in flight). */
    final class LinkException extends Exception {
        private final boolean notConnected;

        public LinkException(Throwable cause, boolean notConnected) {
            super(cause.getMessage(), cause);
            this.notConnected = notConnected;
        }

        /** The client is not connected although no connection loss was reported. */
        public boolean notConnected() {
            return notConnected;
        }
    }
}
