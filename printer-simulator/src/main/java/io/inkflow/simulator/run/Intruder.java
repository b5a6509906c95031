package io.inkflow.simulator.run;

import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.mqtt.PrinterLink;
import io.inkflow.simulator.stats.ErrorKind;
import io.inkflow.simulator.stats.RunCounters;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The wrong-credential fault: a CONNECT with a printer's serial and a wrong secret, on a client of
 * its own, which the gateway must refuse. An accepted one is counted as
 * {@link ErrorKind#WRONG_CREDENTIAL_ACCEPTED}. Permits bound how many attempts run at once across
 * the fleet.
 */
final class Intruder {
    private final FleetPrinter victim;
    private final Function<String, PrinterLink> links;
    private final RunCounters counters;
    private final Executor tasks;
    private final Semaphore permits;

    /** @param links creates a client by client id (for example bound to another source address) */
    Intruder(FleetPrinter victim, Function<String, PrinterLink> links, RunCounters counters, Executor tasks,
             Semaphore permits) {
        this.victim = victim;
        this.links = links;
        this.counters = counters;
        this.tasks = tasks;
        this.permits = permits;
    }

    /** Starts an attempt in the background unless too many are under way; returns whether one started. */
    boolean tryAttempt() {
        if (!permits.tryAcquire()) {
            return false;
        }
        counters.fault(FaultKind.WRONG_CREDENTIAL);
        tasks.execute(this::attempt);
        return true;
    }

    private void attempt() {
        PrinterLink intruder = links.apply(victim.serial());
        byte[] wrong = ("wrong-" + victim.deviceSecret()).getBytes(StandardCharsets.UTF_8);
        intruder.connect(victim.serial(), wrong, new PrinterLink.ConnectOutcome() {
            @Override
            public void connected() {
                counters.error(ErrorKind.WRONG_CREDENTIAL_ACCEPTED);
                finish();
            }

            @Override
            public void failed(Throwable cause, boolean notAuthorized) {
                counters.wrongCredentialRejected.increment();
                finish();
            }

            private void finish() {
                tasks.execute(() -> {
                    intruder.disconnect();
                    intruder.close();
                    permits.release();
                });
            }
        }, cause -> { });
    }
}
