package io.inkflow.stack.bench;

import io.inkflow.simulator.stats.Percentiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * How long the disk takes to make a small write durable while the chain runs: every {@link #INTERVAL} one 8 KiB
 * block (a WAL page) is overwritten in a preallocated file beside PostgreSQL's data and flushed with
 * {@code fdatasync} ({@code FileChannel.force(false)}), as a commit's WAL flush does. A store that stalled, with slow
 * {@code COMMIT}s in PostgreSQL's log ({@link PostgresMaintenance}) and a slow flush here at the same second, waited
 * for the disk; with the flushes here quick meanwhile, it waited for something else.
 */
final class DiskFlushes implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(50);
    /** Flushes this slow or slower are listed one by one, at their second. */
    static final long SLOW_MICROS = 50_000;
    private static final int BLOCK = 8 * 1024;
    private static final int BLOCKS = 128;

    /**
     * One flush: when it started, how long the write and its fdatasync took, and why it failed (null when it did
     * not).
     */
    record Flush(long atEpochMillis, long micros, String failure) {
        Flush(long atEpochMillis, long micros) {
            this(atEpochMillis, micros, null);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final ScheduledExecutorService timer;
    private final List<Flush> flushes = new ArrayList<>();
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
    private long written;

    private DiskFlushes(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        // allocated once, as PostgreSQL's WAL segments are, so each flush overwrites data and changes no metadata
        channel.write(ByteBuffer.allocate(BLOCK * BLOCKS), 0);
        channel.force(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "disk-flushes");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts flushing into {@code file} (created, and deleted on close). */
    static DiskFlushes start(Path file) throws IOException {
        DiskFlushes probe = new DiskFlushes(file);
        probe.timer.scheduleWithFixedDelay(probe::flushOnce, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return probe;
    }

    private void flushOnce() {
        long at = System.currentTimeMillis();
        long start = System.nanoTime();
        String failure = null;
        try {
            block.clear();
            block.putLong(0, written);
            channel.write(block, (written % BLOCKS) * BLOCK);
            channel.force(false);
        } catch (IOException e) {
            // kept and printed with the step, and the probe goes on: a thrown exception would end the scheduled
            // task silently, and the step line would show fewer flushes and no reason
            failure = "Cannot flush " + file + ": " + e;
        }
        long micros = (System.nanoTime() - start) / 1_000;
        written++;
        synchronized (flushes) {
            flushes.add(new Flush(at, micros, failure));
        }
    }

    /** The flushes so far, oldest first. */
    List<Flush> flushes() {
        synchronized (flushes) {
            return List.copyOf(flushes);
        }
    }

    /**
     * One line: the flushes that started from {@code from} to {@code to}, their percentiles, and each of
     * {@link #SLOW_MICROS} or more at its seconds after {@code from}.
     */
    static String within(List<Flush> flushes, Instant from, Instant to, String what) {
        Histogram histogram = new Histogram(3);
        List<String> slow = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Flush flush : flushes) {
            if (flush.atEpochMillis() < from.toEpochMilli() || flush.atEpochMillis() > to.toEpochMilli()) {
                continue;
            }
            if (flush.failure() != null) {
                failures.add(flush.failure());
                continue;
            }
            histogram.recordValue(flush.micros());
            if (flush.micros() >= SLOW_MICROS) {
                slow.add(String.format(Locale.ROOT, "%.0f ms at +%.1f s", flush.micros() / 1000.0,
                        (flush.atEpochMillis() - from.toEpochMilli()) / 1000.0));
            }
        }
        String head = "disk flushes " + what + " (" + BLOCK / 1024 + " KiB and fdatasync every " + INTERVAL.toMillis()
                + " ms beside PostgreSQL's data): ";
        String failed = failures.isEmpty() ? ""
                : "; " + failures.size() + " failed, the first: " + failures.getFirst();
        if (histogram.getTotalCount() == 0) {
            return head + "none" + failed;
        }
        Percentiles p = Percentiles.of(histogram);
        return head + String.format(Locale.ROOT, "%d, p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d ms or more: %s",
                p.count(), p.p50Millis(), p.p99Millis(), p.maxMillis(), SLOW_MICROS / 1000,
                slow.isEmpty() ? "none" : String.join(", ", slow)) + failed;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        channel.close();
        Files.deleteIfExists(file);
    }
}
