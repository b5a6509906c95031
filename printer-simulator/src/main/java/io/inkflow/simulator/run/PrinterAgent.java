package io.inkflow.simulator.run;

import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.fleet.Seeds;
import io.inkflow.simulator.fleet.VirtualPrinter;
import io.inkflow.simulator.mqtt.PrinterLink;
import io.inkflow.simulator.report.MalformedPayloads;
import io.inkflow.simulator.report.ReportCodec;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.stats.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Drives one virtual printer: connects it, turns its model into reports, publishes them at QoS 1,
 * keeps every report until its PUBACK and resends it after a reconnect, and injects faults.
 * Called from the tick thread and from Paho's callback threads, always under its own lock; link
 * operations that block run on the shared task executor.
 */
final class PrinterAgent {
    enum State { DISCONNECTED, CONNECTING, CONNECTED, OFFLINE }

    private final EngineContext ctx;
    private final VirtualPrinter printer;
    private final FleetPrinter identity;
    private final PrinterLink link;
    private final SplittableRandom faults;
    private final Duration skew;
    private final String topic;
    private final TreeMap<ReportKey, Pending> pending = new TreeMap<>();
    private volatile State state = State.DISCONNECTED;
    /** Bumped on every connect, drop and offline period, so late callbacks of an old connection are ignored. */
    private int generation;
    private boolean linkBusy;
    private boolean faultSentOnConnection;
    private long reconnectAtNanos;
    private long connectStartedNanos;
    private long backoffMillis;
    private long lastPublishNanos;
    private Instant nextSampleAt;
    private Instant lastReportAt = Instant.MIN;
    private TelemetryReport held;
    private TelemetryReport lastSent;

    PrinterAgent(EngineContext ctx, VirtualPrinter printer, PrinterLink link, long seed) {
        this.ctx = ctx;
        this.printer = printer;
        this.identity = printer.printer();
        this.link = link;
        this.topic = ReportCodec.topic(identity.serial());
        this.faults = Seeds.stream(seed, "faults/" + identity.serial());
        FaultRates rates = ctx.options().faults();
        SplittableRandom skewRandom = Seeds.stream(seed, "skew/" + identity.serial());
        // Behind by up to maxSkew, or ahead by up to what the gateway still accepts.
        long behind = rates.maxSkew().toMillis();
        long ahead = ctx.options().maxPositiveSkew().toMillis();
        this.skew = skewRandom.nextDouble() < rates.rate(FaultKind.CLOCK_SKEW)
                ? Duration.ofMillis((long) (-behind + skewRandom.nextDouble() * (behind + ahead)))
                : Duration.ZERO;
        long spread = ctx.options().sampleInterval().toMillis();
        this.nextSampleAt = ctx.options().simStart().plusMillis(Seeds.stream(seed, "phase/" + identity.serial())
                .nextLong(Math.max(1, spread)));
    }

    private static final class Pending {
        final TelemetryReport report;
        final byte[] payload;
        boolean inFlight;
        int generation;
        long sentNanos;

        Pending(TelemetryReport report, byte[] payload) {
            this.report = report;
            this.payload = payload;
        }
    }

    /** One step: follow the model to {@code simNow}, keep the connection, report if due. */
    synchronized void tick(Instant simNow, long nowNanos, boolean draining, ConnectBudget budget) {
        printer.advanceTo(simNow);
        boolean offline = !draining && printer.offlineAt(simNow);
        if (offline) {
            if (state != State.OFFLINE) {
                goOffline();
            }
            return;
        }
        if (state == State.OFFLINE) {
            // Switched back on: a power cycle starts a new boot epoch once nothing is unacknowledged.
            printer.requestReboot();
            state = State.DISCONNECTED;
            reconnectAtNanos = nowNanos;
        }
        if (state == State.CONNECTING && nowNanos - connectStartedNanos > connectWatchdogNanos()) {
            // Paho's own timeout should have fired; never let one printer hang the run (or its drain).
            abandonConnect(nowNanos);
        }
        if (draining && state == State.DISCONNECTED && reconnectAtNanos - nowNanos > 2_000_000_000L) {
            reconnectAtNanos = nowNanos + 2_000_000_000L; // no long backoff while the run is ending
        }
        if (state == State.DISCONNECTED && !linkBusy && nowNanos >= reconnectAtNanos && budget.tryAcquire()) {
            connect();
        }
        if (state != State.CONNECTED) {
            return;
        }
        resendWaiting(simNow);
        if (draining) {
            if (held != null) {
                publishNew(held, simNow);
                held = null;
            }
            return;
        }
        if (pending.isEmpty() && held == null && printer.structuralChangeDue(simNow)) {
            boolean reboot = printer.rebootDue();
            ctx.counters().cartridgesReplaced.add(printer.applyStructuralChanges(simNow));
            if (reboot) {
                ctx.counters().reboots.increment();
            }
        }
        if (simNow.isBefore(nextSampleAt) || nowNanos - lastPublishNanos < ctx.options().minReportGap().toNanos()
                || pending.size() >= ctx.options().maxPendingPerPrinter()) {
            return;
        }
        nextSampleAt = simNow.plus(ctx.options().sampleInterval());
        boolean heartbeatDue = !lastReportAt.plus(ctx.options().heartbeat()).isAfter(simNow);
        if (printer.changedSinceLastReport() || heartbeatDue || held != null) {
            produce(simNow, nowNanos);
        }
    }

    private void produce(Instant simNow, long nowNanos) {
        FaultRates rates = ctx.options().faults();
        TelemetryReport report = printer.nextReport(simNow, simNow.plus(skew));
        ctx.counters().reportsGenerated.increment();
        lastReportAt = simNow;
        lastPublishNanos = nowNanos;
        ctx.oracle().accept(report);
        if (held != null) {
            if (Reorders.neutral(held, report, printer.model())) {
                ctx.counters().fault(FaultKind.REORDER);
                publishNew(report, simNow);
                publishNew(held, simNow);
            } else {
                publishNew(held, simNow);
                publishNew(report, simNow);
            }
            held = null;
        } else if (chance(rates.rate(FaultKind.REORDER))) {
            held = report;
        } else {
            publishNew(report, simNow);
        }
        if (lastSent != null) {
            injectPayloadFaults(rates, simNow);
        }
    }

    private void publishNew(TelemetryReport report, Instant simNow) {
        FaultRates rates = ctx.options().faults();
        Pending entry = new Pending(report, ReportCodec.encode(report));
        pending.put(new ReportKey(report.bootEpoch(), report.sequence()), entry);
        send(entry, simNow);
        lastSent = report;
        if (chance(rates.rate(FaultKind.DUP_REDELIVERY))) {
            ctx.counters().fault(FaultKind.DUP_REDELIVERY);
            sendCopy(entry, true, simNow);
        }
        if (chance(rates.rate(FaultKind.RESEND))) {
            ctx.counters().fault(FaultKind.RESEND);
            sendCopy(entry, false, simNow);
        }
    }

    private void send(Pending entry, Instant simNow) {
        entry.inFlight = true;
        entry.generation = generation;
        entry.sentNanos = System.nanoTime();
        ReportKey key = new ReportKey(entry.report.bootEpoch(), entry.report.sequence());
        int gen = generation;
        long sent = entry.sentNanos;
        try {
            link.publish(topic, entry.payload, false, new PrinterLink.PublishOutcome() {
                @Override
                public void acked(int reasonCode) {
                    onAck(key, gen, sent, reasonCode);
                }

                @Override
                public void failed(Throwable cause) {
                    onPublishFailed(key, gen);
                }
            });
            ctx.counters().publishes.increment();
            ctx.trace(simNow, identity.serial(), topic, TraceEntry.Kind.REPORT, false, entry.payload);
        } catch (PrinterLink.LinkException e) {
            entry.inFlight = false;
            if (e.notConnected() && state == State.CONNECTED) {
                // Paho lost the connection without telling us (yet): reconnect instead of retrying forever.
                onConnectionLost(generation);
            }
        }
    }

    /** A second PUBLISH of a report; its PUBACK counts like the original's. */
    private void sendCopy(Pending entry, boolean dup, Instant simNow) {
        ReportKey key = new ReportKey(entry.report.bootEpoch(), entry.report.sequence());
        int gen = generation;
        long sent = System.nanoTime();
        try {
            link.publish(topic, entry.payload, dup, new PrinterLink.PublishOutcome() {
                @Override
                public void acked(int reasonCode) {
                    onAck(key, gen, sent, reasonCode);
                }

                @Override
                public void failed(Throwable cause) {
                    // The original is tracked; a lost copy changes nothing.
                }
            });
            ctx.counters().publishes.increment();
            ctx.trace(simNow, identity.serial(), topic, TraceEntry.Kind.DUPLICATE, dup, entry.payload);
        } catch (PrinterLink.LinkException e) {
            // Same: the original is still pending.
        }
    }

    private void resendWaiting(Instant simNow) {
        for (Pending entry : pending.values()) {
            if (!entry.inFlight) {
                send(entry, simNow);
            }
        }
    }

    private synchronized void onAck(ReportKey key, int gen, long sentNanos, int reasonCode) {
        if (reasonCode >= 0x80) {
            // Refused by an MQTT 5 gateway: resending would be refused again.
            ctx.counters().error(ErrorKind.PUBACK_REJECTED);
            Pending refused = pending.remove(key);
            if (refused != null) {
                ctx.oracle().markUncertain(identity.serial(), key.bootEpoch(), key.sequence());
            }
            return;
        }
        ctx.counters().pubackLatency.record((System.nanoTime() - sentNanos) / 1000);
        if (pending.remove(key) != null) {
            ctx.counters().reportsAcked.increment();
        }
    }

    private synchronized void onPublishFailed(ReportKey key, int gen) {
        Pending entry = pending.get(key);
        if (entry == null || entry.generation != gen || gen != generation) {
            return; // acked by a copy, or a connection we closed ourselves
        }
        entry.inFlight = false;
        ctx.counters().error(ErrorKind.PUBLISH_FAILED);
    }

    private void injectPayloadFaults(FaultRates rates, Instant simNow) {
        if (chance(rates.rate(FaultKind.MALFORMED_PAYLOAD))) {
            ctx.counters().fault(FaultKind.MALFORMED_PAYLOAD);
            byte[] payload = MalformedPayloads.build(MalformedPayloads.pick(faults), lastSent);
            publishFault(topic, payload, TraceEntry.Kind.MALFORMED, simNow);
        }
        if (chance(rates.rate(FaultKind.WRONG_TOPIC))) {
            ctx.counters().fault(FaultKind.WRONG_TOPIC);
            List<String> serials = ctx.serials();
            String victim = serials.get(faults.nextInt(serials.size()));
            boolean foreign = !victim.equals(identity.serial()) && faults.nextBoolean();
            String wrongTopic = foreign ? ReportCodec.topic(victim) : "printers/" + identity.serial() + "/status";
            TelemetryReport spoof = foreign ? new TelemetryReport(victim, lastSent.model(), lastSent.bootEpoch(),
                    lastSent.sequence(), lastSent.timestamp(), lastSent.pageCount(), lastSent.supplies()) : lastSent;
            publishFault(wrongTopic, ReportCodec.encode(spoof), TraceEntry.Kind.WRONG_TOPIC, simNow);
        }
        if (chance(rates.rate(FaultKind.WRONG_CREDENTIAL)) && ctx.intruders().tryAcquire()) {
            ctx.counters().fault(FaultKind.WRONG_CREDENTIAL);
            ctx.tasks().execute(this::intrude);
        }
    }

    private void publishFault(String faultTopic, byte[] payload, TraceEntry.Kind kind, Instant simNow) {
        faultSentOnConnection = true;
        try {
            link.publish(faultTopic, payload, false, new PrinterLink.PublishOutcome() {
                @Override
                public void acked(int reasonCode) {
                    ctx.counters().faultPublishesAcked.increment();
                }

                @Override
                public void failed(Throwable cause) {
                    // Refusing it is the gateway's right; closing the connection too.
                }
            });
            ctx.counters().publishes.increment();
            ctx.trace(simNow, identity.serial(), faultTopic, kind, false, payload);
        } catch (PrinterLink.LinkException e) {
            // Not connected any more: nothing injected.
        }
    }

    /** A connection attempt with this printer's serial and a wrong secret; it must be refused. */
    private void intrude() {
        PrinterLink intruder = ctx.intruderLinks().create(identity.serial());
        byte[] wrong = ("wrong-" + identity.deviceSecret()).getBytes(StandardCharsets.UTF_8);
        intruder.connect(identity.serial(), wrong, new PrinterLink.ConnectOutcome() {
            @Override
            public void connected() {
                ctx.counters().error(ErrorKind.WRONG_CREDENTIAL_ACCEPTED);
                finish();
            }

            @Override
            public void failed(Throwable cause, boolean notAuthorized) {
                ctx.counters().wrongCredentialRejected.increment();
                finish();
            }

            private void finish() {
                ctx.tasks().execute(() -> {
                    intruder.disconnect();
                    intruder.close();
                    ctx.intruders().release();
                });
            }
        }, cause -> { });
    }

    private long connectWatchdogNanos() {
        return (ctx.options().mqtt().connectTimeoutSeconds() + 5) * 1_000_000_000L;
    }

    private void abandonConnect(long nowNanos) {
        ctx.counters().error(ErrorKind.CONNECT_FAILED);
        generation++;
        state = State.DISCONNECTED;
        reconnectAtNanos = nowNanos;
        runLinkTask(link::drop);
    }

    private void connect() {
        state = State.CONNECTING;
        connectStartedNanos = System.nanoTime();
        int gen = ++generation;
        faultSentOnConnection = false;
        link.connect(identity.serial(), identity.deviceSecret().getBytes(StandardCharsets.UTF_8),
                new PrinterLink.ConnectOutcome() {
                    @Override
                    public void connected() {
                        onConnected(gen);
                    }

                    @Override
                    public void failed(Throwable cause, boolean notAuthorized) {
                        onConnectFailed(gen, notAuthorized);
                    }
                }, cause -> onConnectionLost(gen));
    }

    private synchronized void onConnected(int gen) {
        if (gen != generation) {
            runLinkTask(link::disconnect); // went offline or was dropped while connecting
            return;
        }
        state = State.CONNECTED;
        backoffMillis = 0;
        ctx.counters().connects.increment();
        markAllWaiting();
    }

    private synchronized void onConnectFailed(int gen, boolean notAuthorized) {
        if (gen != generation) {
            return;
        }
        ctx.counters().error(notAuthorized ? ErrorKind.CONNECT_NOT_AUTHORIZED : ErrorKind.CONNECT_FAILED);
        state = State.DISCONNECTED;
        backoffMillis = Math.min(30_000, Math.max(1_000, backoffMillis * 2));
        reconnectAtNanos = System.nanoTime() + jitter(backoffMillis) * 1_000_000;
    }

    private synchronized void onConnectionLost(int gen) {
        if (gen != generation || state != State.CONNECTED) {
            return;
        }
        if (!faultSentOnConnection) {
            ctx.counters().error(ErrorKind.CONNECTION_LOST);
        }
        state = State.DISCONNECTED;
        generation++;
        markAllWaiting();
        reconnectAtNanos = System.nanoTime() + jitter(1_000) * 1_000_000;
    }

    /** Reconnect storm: the TCP connection vanishes; the printer comes back within {@code window}. */
    synchronized void drop(Duration window) {
        if (state != State.CONNECTED && state != State.CONNECTING) {
            return;
        }
        generation++;
        state = State.DISCONNECTED;
        markAllWaiting();
        reconnectAtNanos = System.nanoTime() + (long) (faults.nextDouble() * window.toNanos());
        runLinkTask(link::drop);
    }

    private void goOffline() {
        if (state == State.CONNECTED || state == State.CONNECTING) {
            generation++;
            markAllWaiting();
            runLinkTask(link::disconnect);
        }
        state = State.OFFLINE;
    }

    /** Runs a blocking link operation off the tick thread; no reconnect while it runs. */
    private void runLinkTask(Runnable task) {
        linkBusy = true;
        ctx.tasks().execute(() -> {
            try {
                task.run();
            } finally {
                synchronized (this) {
                    linkBusy = false;
                }
            }
        });
    }

    private void markAllWaiting() {
        pending.values().forEach(p -> p.inFlight = false);
    }

    private long jitter(long millis) {
        return millis / 2 + (long) (faults.nextDouble() * millis);
    }

    private boolean chance(double rate) {
        return rate > 0 && faults.nextDouble() < rate;
    }

    synchronized boolean settled() {
        return pending.isEmpty() && held == null;
    }

    State state() {
        return state;
    }

    synchronized int pendingCount() {
        return pending.size() + (held != null ? 1 : 0);
    }

    /** Reports never acknowledged, for marking their expected orders uncertain. */
    synchronized Map<ReportKey, TelemetryReport> unacknowledged() {
        Map<ReportKey, TelemetryReport> open = new TreeMap<>();
        pending.forEach((key, entry) -> open.put(key, entry.report));
        if (held != null) {
            open.put(new ReportKey(held.bootEpoch(), held.sequence()), held);
        }
        return open;
    }

    String serial() {
        return identity.serial();
    }

    /** Disconnects and frees the client (blocking; call from a task thread). */
    void shutdown() {
        synchronized (this) {
            generation++;
            state = State.OFFLINE;
        }
        link.disconnect();
        link.close();
    }
}
