package io.inkflow.simulator.cli;

import io.inkflow.simulator.stats.RunStats;
import java.io.PrintStream;
import java.util.function.Supplier;

/** Prints a one-line status every few seconds to stderr while a command runs. */
final class ProgressLine implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    ProgressLine(Supplier<RunStats> stats, PrintStream out, long everyMillis) {
        this.thread = Thread.ofPlatform().daemon().name("progress").start(() -> loop(stats, out, everyMillis));
    }

    private void loop(Supplier<RunStats> stats, PrintStream out, long everyMillis) {
        long lastAcked = 0;
        long lastNanos = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(everyMillis);
            } catch (InterruptedException e) {
                return;
            }
            RunStats s = stats.get();
            long now = System.nanoTime();
            double rate = (s.reportsAcked() - lastAcked) / ((now - lastNanos) / 1e9);
            lastAcked = s.reportsAcked();
            lastNanos = now;
            out.println(format(s, rate));
        }
    }

    static String format(RunStats s, double reportsPerSecond) {
        return String.format("connected %d/%d | reports/s %.0f | acked %d pending %d | PUBACK p50 %.1f ms p99 %.1f ms"
                        + " | errors %d | orders expected %d | sim %s",
                s.connected(), s.printers(), reportsPerSecond, s.reportsAcked(), s.pendingReports(),
                s.puback().p50Millis(), s.puback().p99Millis(), s.errors(), s.expectedOrders(),
                s.simulatedNow() == null ? "-" : s.simulatedNow().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
