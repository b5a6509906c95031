package io.inkflow.simulator.mqtt;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What Paho's v3 and v5 clients share behind {@link PrinterLink}: a CONNECT Paho refuses at once
 * becomes the outcome's {@code failed}, a publish it refuses becomes a {@link LinkException}, and
 * drop, disconnect and close swallow the failures they exist to survive. The two flavours have no
 * common types, so a subclass only adapts its own client's calls; the checked exception they throw
 * is the flavour's {@code MqttException}.
 *
 * <p>After a drop or disconnect the next attempt gets a fresh client. Paho runs a CONNECT on a
 * background task that it does not stop when the client is disconnected: dropped while that task
 * still starts its loops, the client shuts itself down a second time a moment later, so the next
 * CONNECT on it was refused as "currently disconnecting" (32102) or failed by that late shutdown, in
 * 2 to 6% of tries here. The spent client is left to the garbage collector rather than closed, since
 * closing clears the state such a late task still uses.
 *
 * @param <C> the flavour's client
 */
abstract class PahoLink<C> implements PrinterLink {
    /** Paho's "client is not connected", the same code in v3 and v5. */
    private static final int NOT_CONNECTED = 32104;

    protected final MqttSettings settings;
    private final Supplier<C> clients;
    private final Predicate<C> connected;
    private final ForcedDisconnect<C> forcedDisconnect;
    private final ClientCall<C> closeClient;
    /** The client of the current or last attempt; replaced by connect, read by the background drop. */
    private volatile C client;
    /** A drop or disconnect ended the client's connection or attempt; the next attempt needs another. */
    private volatile boolean spent;

    /**
     * The first client is made at once, so a bad server URI fails the link's creation; the rest are the
     * client's own {@code isConnected}, {@code disconnectForcibly} and {@code close(true)}.
     */
    PahoLink(MqttSettings settings, Supplier<C> clients, Predicate<C> connected, ForcedDisconnect<C> forcedDisconnect,
             ClientCall<C> closeClient) {
        this.settings = settings;
        this.clients = clients;
        this.connected = connected;
        this.forcedDisconnect = forcedDisconnect;
        this.closeClient = closeClient;
        this.client = clients.get();
    }

    @Override
    public final void connect(String username, byte[] password, ConnectOutcome outcome, LinkListener listener) {
        if (spent) {
            client = clients.get();
            spent = false;
        }
        C current = client;
        attempt(() -> startConnect(current, username, password, outcome, listener))
                .ifPresent(refused -> connectFailed(outcome, refused));
    }

    @Override
    public final void publish(String topic, byte[] payload, boolean dup, PublishOutcome outcome) throws LinkException {
        C current = client;
        Optional<Exception> refused = attempt(() -> startPublish(current, topic, payload, dup, outcome));
        if (refused.isPresent()) {
            throw new LinkException(refused.get(), reasonCode(refused.get()) == NOT_CONNECTED);
        }
    }

    @Override
    public final void drop() {
        C current = client;
        // A failure means already down: what a drop wants.
        attempt(() -> forcedDisconnect.run(current, 0, 1000, false));
        spent = true;
    }

    @Override
    public final void disconnect() {
        C current = client;
        if (!connected.test(current)) {
            // A CONNECT may be under way: Paho would skip a DISCONNECT now, so the connection is dropped, as
            // the netty link closes it.
            drop();
            return;
        }
        attempt(() -> forcedDisconnect.run(current, 100, 2000, true)).ifPresent(failed -> drop());
        spent = true;
    }

    @Override
    public final void close() {
        C current = client;
        attempt(() -> closeClient.run(current)); // a failure means never connected or already closed
    }

    /** The failure outcome of a CONNECT, refused at once or reported later by Paho. */
    final void connectFailed(ConnectOutcome outcome, Throwable cause) {
        outcome.failed(cause, notAuthorized(cause));
    }

    /** Sets the loss callback and sends CONNECT with these credentials; the outcome hears the CONNACK. */
    abstract void startConnect(C client, String username, byte[] password, ConnectOutcome outcome,
                               LinkListener listener) throws Exception;

    /** Sends a QoS 1 PUBLISH; the outcome hears its PUBACK or failure. */
    abstract void startPublish(C client, String topic, byte[] payload, boolean dup, PublishOutcome outcome)
            throws Exception;

    /** The reason code of the flavour's {@code MqttException}, or -1 for anything else. */
    abstract int reasonCode(Exception e);

    /** Whether the server refused the credentials. */
    abstract boolean notAuthorized(Throwable cause);

    @FunctionalInterface
    interface ClientCall<C> {
        void run(C client) throws Exception;
    }

    @FunctionalInterface
    interface ForcedDisconnect<C> {
        void run(C client, long quiesceMillis, long timeoutMillis, boolean sendDisconnect) throws Exception;
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** Runs a call on the client; Paho's checked exception comes back, runtime exceptions pass through. */
    private static Optional<Exception> attempt(Call call) {
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
