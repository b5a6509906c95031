package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskFlushesTest {
    private static final Instant FROM = Instant.parse("2026-12-03T18:20:00Z");
    private static final Instant TO = Instant.parse("2026-12-03T18:21:00Z");

    @TempDir
    Path dir;

    @Test
    void summarisesTheFlushesInTheWindowAndListsTheSlowOnesAtTheirSecond() {
        long from = FROM.toEpochMilli();
        List<DiskFlushes.Flush> flushes = List.of(
                new DiskFlushes.Flush(from - 1, 900_000),
                new DiskFlushes.Flush(from, 1_000),
                new DiskFlushes.Flush(from + 10_000, 2_000),
                new DiskFlushes.Flush(from + 48_300, 118_000),
                new DiskFlushes.Flush(from + 50_000, 50_000),
                new DiskFlushes.Flush(TO.toEpochMilli() + 1, 700_000));

        String line = DiskFlushes.within(flushes, FROM, TO, "while publishing at 1000/s");

        assertThat(line).startsWith("disk flushes while publishing at 1000/s (8 KiB and fdatasync every 50 ms beside"
                        + " PostgreSQL's data): 4, p50 ")
                .contains("max 118.0 ms")
                .endsWith("50 ms or more: 118 ms at +48.3 s, 50 ms at +50.0 s");
    }

    @Test
    void saysNoneWhenNoFlushFellInTheWindowOrNoneWasSlow() {
        long from = FROM.toEpochMilli();

        assertThat(DiskFlushes.within(List.of(new DiskFlushes.Flush(from - 5, 1_000)), FROM, TO, "at 3000/s"))
                .endsWith("beside PostgreSQL's data): none");
        assertThat(DiskFlushes.within(List.of(new DiskFlushes.Flush(from + 5, 49_999)), FROM, TO, "at 3000/s"))
                .endsWith("50 ms or more: none");
    }

    @Test
    void countsTheFailedFlushesApartAndPrintsTheFirstReason() {
        long from = FROM.toEpochMilli();
        List<DiskFlushes.Flush> flushes = List.of(
                new DiskFlushes.Flush(from + 1_000, 2_000),
                new DiskFlushes.Flush(from + 2_000, 90_000, "Cannot flush /data/probe: java.io.IOException: EIO"),
                new DiskFlushes.Flush(from + 3_000, 10, "Cannot flush /data/probe: java.io.IOException: ENOSPC"));

        assertThat(DiskFlushes.within(flushes, FROM, TO, "at 1000/s"))
                .as("a failed flush is neither a flush nor a slow one")
                .contains("data): 1, p50 2.0 ms")
                .endsWith("50 ms or more: none; 2 failed, the first: Cannot flush /data/probe:"
                        + " java.io.IOException: EIO");
        assertThat(DiskFlushes.within(flushes.subList(2, 3), FROM, TO, "at 1000/s"))
                .endsWith("data): none; 1 failed, the first: Cannot flush /data/probe: java.io.IOException: ENOSPC");
    }

    @Test
    void flushesARealFileUntilClosedAndRemovesIt() throws Exception {
        Path file = dir.resolve("probe");
        Instant start = Instant.now();
        List<DiskFlushes.Flush> flushes;
        try (DiskFlushes probe = DiskFlushes.start(file)) {
            assertThat(file).exists();
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.flushes().size() >= 3);
            flushes = probe.flushes();
        }

        assertThat(Files.exists(file)).as("the probe's file is removed on close").isFalse();
        assertThat(flushes).allSatisfy(flush -> {
            assertThat(flush.failure()).isNull();
            assertThat(flush.micros()).isPositive();
            assertThat(flush.atEpochMillis()).isGreaterThanOrEqualTo(start.toEpochMilli());
        });
        assertThat(DiskFlushes.within(flushes, start, Instant.now(), "now")).contains(flushes.size() + ", p50 ");
    }
}
