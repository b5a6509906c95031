package io.inkflow.simulator.run;

import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.fleet.Seeds;
import io.inkflow.simulator.fleet.VirtualPrinter;
import io.inkflow.simulator.mqtt.PrinterLink;
import io.inkflow.simulator.report.ReportCodec;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.stats.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Drives one virtual printer: follows its model, turns it into reports, publishes them at QoS 1
 * through its {@link Qos1Outbox} (every report is resent until acknowledged), keeps its
 * {@link PrinterConnection} up from the tick thread, and injects faults (copies and reorders here,
 * {@link PayloadFaults}, an {@link Intruder}). Called from the tick thread and from Paho's callback
 * threads, always under its own lock; link operations that block run on the shared task executor.
 */
final class PrinterAgent implements PrinterConnection.Listener {
    private static final long DRAIN_MAX_BACKOFF_NANOS = 2_000_000_000L;

    private final EngineContext ctx;
    private final VirtualPrinter printer;
    private final FleetPrinter identity;
    private final SplittableRandom faults;
    private final Duration skew;
    private final String topic;
    private final PrinterConnection connection;
    private final Qos1Outbox<ReportKey, TelemetryReport> outbox;
    private final PayloadFaults payloadFaults;
    private final Intruder intruder;
    private long reconnectAtNanos;
    private long lastPublishNanos;
    private final ReportSchedule schedule;
    private TelemetryReport held;
    private TelemetryReport lastSent;

    PrinterAgent(EngineContext ctx, VirtualPrinter printer, PrinterLink link, long seed) {
        this.ctx = ctx;
        this.printer = printer;
        this.identity = printer.printer();
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
        this.schedule = new ReportSchedule(seed, identity.serial(), ctx.options().simStart(),
                ctx.options().sampleInterval(), ctx.options().heartbeat());
        this.connection = new PrinterConnection(identity, link, ctx.counters(), ctx.tasks(), this, this);
        this.outbox = new Qos1Outbox<>(link, ctx.counters(), connection::generation, this, this::acked);
        this.payloadFaults = new PayloadFaults(rates, ctx.counters(), ctx.serials(), identity.serial(), faults);
        this.intruder = new Intruder(identity, ctx.intruderLinks()::create, ctx.counters(), ctx.tasks(),
                ctx.intruders());
    }

    /** One step: follow the model to {@code simNow}, keep the connection, report if due. */
    synchronized void tick(Instant simNow, long nowNanos, boolean draining, ConnectBudget budget) {
        printer.advanceTo(simNow);
        if (!keepConnection(simNow, nowNanos, draining, budget)) {
            return;
        }
        resendWaiting(simNow);
        if (draining) {
            if (held != null) {
                ctx.oracle().accept(held);
                publishNew(held, simNow);
                held = null;
            }
            return;
        }
        if (outbox.isEmpty() && held == null && printer.structuralChangeDue(simNow)) {
            boolean reboot = printer.rebootDue();
            ctx.counters().cartridgesReplaced.add(printer.applyStructuralChanges(simNow));
            if (reboot) {
                ctx.counters().reboots.increment();
            }
        }
        if (!schedule.sampleDue(simNow) || nowNanos - lastPublishNanos < ctx.options().minReportGap().toNanos()
                || outbox.size() >= ctx.options().maxPendingPerPrinter()) {
            return;
        }
        if (schedule.sample(simNow, printer.changedSinceLastReport()) || held != null) {
            produce(simNow, nowNanos);
        }
    }

    /** Switches off and on with the model, connects when due. @return whether it is connected now */
    private boolean keepConnection(Instant simNow, long nowNanos, boolean draining, ConnectBudget budget) {
        if (!draining && printer.offlineAt(simNow)) {
            if (connection.state() != PrinterConnection.State.OFFLINE && connection.switchOff()) {
                outbox.markAllWaiting();
            }
            return false;
        }
        if (connection.state() == PrinterConnection.State.OFFLINE) {
            // Switched back on: a power cycle starts a new boot epoch once nothing is unacknowledged.
            printer.requestReboot();
            connection.switchedOn();
            reconnectAtNanos = nowNanos;
        }
        if (connection.state() == PrinterConnection.State.CONNECTING
                && nowNanos - connection.connectStartedNanos() > connectWatchdogNanos()) {
            // Paho's own timeout should have fired; never let one printer hang the run (or its drain).
            connection.abandon();
            reconnectAtNanos = nowNanos;
        }
        if (draining && connection.state() == PrinterConnection.State.DISCONNECTED
                && reconnectAtNanos - nowNanos > DRAIN_MAX_BACKOFF_NANOS) {
            reconnectAtNanos = nowNanos + DRAIN_MAX_BACKOFF_NANOS; // no long backoff while the run is ending
        }
        if (connection.state() == PrinterConnection.State.DISCONNECTED && !connection.linkBusy()
                && nowNanos >= reconnectAtNanos && budget.tryAcquire()) {
            connection.connect();
        }
        return connection.state() == PrinterConnection.State.CONNECTED;
    }

    private void produce(Instant simNow, long nowNanos) {
        FaultRates rates = ctx.options().faults();
        TelemetryReport report = printer.nextReport(simNow, simNow.plus(skew));
        ctx.counters().reportsGenerated.increment();
        schedule.reported(simNow);
        lastPublishNanos = nowNanos;
        if (held != null) {
            // The oracle takes a held report only now, before anything is published after it.
            boolean swap = ctx.oracle().reorderInvisible(held, report);
            ctx.oracle().accept(held);
            ctx.oracle().accept(report);
            if (swap) {
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
            ctx.oracle().accept(report);
            publishNew(report, simNow);
        }
        if (lastSent != null) {
            injectFaults(rates, simNow);
        }
    }

    private void publishNew(TelemetryReport report, Instant simNow) {
        FaultRates rates = ctx.options().faults();
        ReportKey key = new ReportKey(report.bootEpoch(), report.sequence());
        outbox.add(key, report, new Qos1Outbox.Message(topic, ReportCodec.encode(report), false));
        send(key, simNow);
        lastSent = report;
        if (chance(rates.rate(FaultKind.DUP_REDELIVERY))) {
            ctx.counters().fault(FaultKind.DUP_REDELIVERY);
            sendCopy(key, true, simNow);
        }
        if (chance(rates.rate(FaultKind.RESEND))) {
            ctx.counters().fault(FaultKind.RESEND);
            sendCopy(key, false, simNow);
        }
    }

    private void send(ReportKey key, Instant simNow) {
        try {
            Qos1Outbox.Message sent = outbox.send(key);
            ctx.trace(simNow, identity.serial(), topic, TraceEntry.Kind.REPORT, false, sent.payload());
        } catch (PrinterLink.LinkException e) {
            if (e.notConnected()) {
                // Paho lost the connection without telling us (yet): reconnect instead of retrying forever.
                connection.lostUnreported();
            }
        }
    }

    private void sendCopy(ReportKey key, boolean dup, Instant simNow) {
        try {
            Qos1Outbox.Message copy = outbox.sendCopy(key, dup);
            ctx.trace(simNow, identity.serial(), topic, TraceEntry.Kind.DUPLICATE, dup, copy.payload());
        } catch (PrinterLink.LinkException e) {
            // The original is still pending.
        }
    }

    private void resendWaiting(Instant simNow) {
        for (ReportKey key : outbox.waiting()) {
            send(key, simNow);
        }
    }

    private void acked(ReportKey key, TelemetryReport report, boolean wasPending, int reasonCode, long sentNanos) {
        if (reasonCode >= 0x80) {
            // Refused by an MQTT 5 gateway: resending would be refused again.
            ctx.counters().error(ErrorKind.PUBACK_REJECTED);
            if (wasPending) {
                ctx.oracle().markUncertain(identity.serial(), key.bootEpoch(), key.sequence());
            }
            return;
        }
        ctx.counters().pubackLatency.record((System.nanoTime() - sentNanos) / 1000);
        if (wasPending) {
            ctx.counters().reportsAcked.increment();
        }
    }

    private void injectFaults(FaultRates rates, Instant simNow) {
        for (PayloadFaults.FaultPublish fault : payloadFaults.after(lastSent)) {
            connection.excuseLoss();
            try {
                outbox.sendUntracked(new Qos1Outbox.Message(fault.topic(), fault.payload(), false),
                        ctx.counters().faultPublishesAcked::increment);
                ctx.trace(simNow, identity.serial(), fault.topic(), fault.kind(), false, fault.payload());
            } catch (PrinterLink.LinkException e) {
                // Not connected any more: nothing injected.
            }
        }
        if (chance(rates.rate(FaultKind.WRONG_CREDENTIAL))) {
            intruder.tryAttempt();
        }
    }

    @Override
    public void onConnected() {
        outbox.markAllWaiting();
    }

    @Override
    public void onConnectFailed(long backoffMillis) {
        reconnectAtNanos = System.nanoTime() + jitter(backoffMillis) * 1_000_000;
    }

    @Override
    public void onLost() {
        outbox.markAllWaiting();
        reconnectAtNanos = System.nanoTime() + jitter(1_000) * 1_000_000;
    }

    @Override
    public void onConnectedTooLate() {
        connection.disconnectInBackground(); // went offline or was dropped while connecting
    }

    /** Reconnect storm: the TCP connection vanishes; the printer comes back within {@code window}. */
    synchronized void drop(Duration window) {
        if (connection.drop()) {
            outbox.markAllWaiting();
            reconnectAtNanos = System.nanoTime() + (long) (faults.nextDouble() * window.toNanos());
        }
    }

    private long connectWatchdogNanos() {
        return (ctx.options().mqtt().connectTimeoutSeconds() + 5) * 1_000_000_000L;
    }

    private long jitter(long millis) {
        return millis / 2 + (long) (faults.nextDouble() * millis);
    }

    private boolean chance(double rate) {
        return rate > 0 && faults.nextDouble() < rate;
    }

    synchronized boolean settled() {
        return outbox.isEmpty() && held == null;
    }

    boolean connected() {
        return connection.state() == PrinterConnection.State.CONNECTED;
    }

    synchronized int pendingCount() {
        return outbox.size() + (held != null ? 1 : 0);
    }

    /** Reports never acknowledged, for marking their expected orders uncertain. */
    synchronized Map<ReportKey, TelemetryReport> unacknowledged() {
        Map<ReportKey, TelemetryReport> open = outbox.unacknowledged();
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
        connection.shutdown();
    }
}
