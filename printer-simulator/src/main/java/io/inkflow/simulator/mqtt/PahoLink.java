package io.inkflow.simulator.mqtt;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What Paho's v3 and v5 clients share behind {@link PrinterLink}: a CONNECT Paho refuses at once
 * becomes the outcome's {@code failed}, a publish it refuses becomes a {@link LinkException}, and
 * drop, disconnect and close swallow the failures they exist to survive. The two flavours have no
 * common types, so a subclass only adapts its own client's calls; the checked exception they throw
 * is the flavour's {@code MqttException}.
 */
abstract class PahoLink implements PrinterLink {
    /** Paho's "client is not connected", the same code in v3 and v5. */
    private static final int NOT_CONNECTED = 32104;

    protected final MqttSettings settings;
    private final BooleanSupplier connected;
    private final ForcedDisconnect forcedDisconnect;
    private final ClientCall closeClient;

    /** The client's own {@code isConnected}, {@code disconnectForcibly} and {@code close(true)}. */
    PahoLink(MqttSettings settings, BooleanSupplier connected, ForcedDisconnect forcedDisconnect,
             ClientCall closeClient) {
        this.settings = settings;
        this.connected = connected;
        this.forcedDisconnect = forcedDisconnect;
        this.closeClient = closeClient;
    }

    @Override
    public final void connect(String username, byte[] password, ConnectOutcome outcome, LinkListener listener) {
        attempt(() -> startConnect(username, password, outcome, listener))
                .ifPresent(refused -> connectFailed(outcome, refused));
    }

    @Override
    public final void publish(String topic, byte[] payload, boolean dup, PublishOutcome outcome) throws LinkException {
        Optional<Exception> refused = attempt(() -> startPublish(topic, payload, dup, outcome));
        if (refused.isPresent()) {
            throw new LinkException(refused.get(), reasonCode(refused.get()) == NOT_CONNECTED);
        }
    }

    @Override
    public final void drop() {
        attempt(() -> forcedDisconnect.run(0, 1000, false)); // a failure means already down: what a drop wants
    }

    @Override
    public final void disconnect() {
        if (!connected.getAsBoolean()) {
            // A CONNECT may be under way: Paho would skip a DISCONNECT now and then refuse the next CONNECT as
            // already in progress (32110), so the connection is dropped, as the netty link closes it.
            drop();
            return;
        }
        attempt(() -> forcedDisconnect.run(100, 2000, true)).ifPresent(failed -> drop());
    }

    @Override
    public final void close() {
        attempt(closeClient); // a failure means never connected or already closed
    }

    /** The failure outcome of a CONNECT, refused at once or reported later by Paho. */
    final void connectFailed(ConnectOutcome outcome, Throwable cause) {
        outcome.failed(cause, notAuthorized(cause));
    }

    /** Sets the loss callback and sends CONNECT with these credentials; the outcome hears the CONNACK. */
    abstract void startConnect(String username, byte[] password, ConnectOutcome outcome, LinkListener listener)
            throws Exception;

    /** Sends a QoS 1 PUBLISH; the outcome hears its PUBACK or failure. */
    abstract void startPublish(String topic, byte[] payload, boolean dup, PublishOutcome outcome) throws Exception;

    /** The reason code of the flavour's {@code MqttException}, or -1 for anything else. */
    abstract int reasonCode(Exception e);

    /** Whether the server refused the credentials. */
    abstract boolean notAuthorized(Throwable cause);

    @FunctionalInterface
    interface ClientCall {
        void run() throws Exception;
    }

    @FunctionalInterface
    interface ForcedDisconnect {
        void run(long quiesceMillis, long timeoutMillis, boolean sendDisconnect) throws Exception;
    }

    /** Runs a call on the client; Paho's checked exception comes back, runtime exceptions pass through. */
    private static Optional<Exception> attempt(ClientCall call) {
        try {
            call.run();
            return Optional.empty();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            return Optional.of(e);
        }
    }
}
