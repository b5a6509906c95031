package io.inkflow.stack.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a fault plan against the stack on a thread of its own: each fault at its time (or as soon
 * as the previous one recovered, whichever is later), and records when it happened and how long
 * the broken part took to be ready again.
 */
public final class FaultInjector {
    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);

    /** A fault as it happened: offset from the run's start, and time until the part was ready again. */
    public record Injected(Fault fault, Duration at, Duration recovery, String error) {
        public String describe() {
            return String.format("t+%5.1fs  %-32s recovered in %5.1fs%s", at.toMillis() / 1000.0, fault,
                    recovery.toMillis() / 1000.0, error == null ? "" : "  FAILED: " + error);
        }
    }

    private final ChaosStack stack;
    private final List<FaultPlan.Event> plan;
    private final List<Injected> injected = new ArrayList<>();
    private final Thread thread;
    private final long startNanos;

    private FaultInjector(ChaosStack stack, List<FaultPlan.Event> plan) {
        this.stack = stack;
        this.plan = List.copyOf(plan);
        this.startNanos = System.nanoTime();
        this.thread = Thread.ofPlatform().name("chaos-faults").daemon().unstarted(this::runPlan);
    }

    public static FaultInjector start(ChaosStack stack, List<FaultPlan.Event> plan) {
        FaultInjector injector = new FaultInjector(stack, plan);
        injector.thread.start();
        return injector;
    }

    private void runPlan() {
        for (FaultPlan.Event event : plan) {
            try {
                long wait = event.at().toNanos() - (System.nanoTime() - startNanos);
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                Duration at = Duration.ofNanos(System.nanoTime() - startNanos);
                log.info("Injecting fault [fault={}, at={}]", event.fault(), at);
                String error = null;
                try {
                    stack.inject(event.fault());
                } catch (RuntimeException e) {
                    error = e.getMessage();
                    log.error("Fault did not recover [fault={}]", event.fault(), e);
                }
                Duration recovery = Duration.ofNanos(System.nanoTime() - startNanos).minus(at);
                synchronized (injected) {
                    injected.add(new Injected(event.fault(), at, recovery, error));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until every fault was injected and recovered from. */
    public boolean await(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    public void stop() {
        thread.interrupt();
    }

    public List<Injected> injected() {
        synchronized (injected) {
            return List.copyOf(injected);
        }
    }
}
