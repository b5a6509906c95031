package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunQueueWaitTest {
    private static final Instant FROM = Instant.parse("2026-12-03T19:00:00Z");

    @Test
    void readsTheRunQueueWaitOfAThread() {
        assertThat(RunQueueWait.waitField("174831507 27504776 535\n")).isEqualTo(27_504_776L);
        assertThatThrownBy(() -> RunQueueWait.waitField("174831507\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a thread's schedstat");
    }

    @Test
    void samplesTheThreadsOfARealProcess() {
        RunQueueWait.Sample sample = RunQueueWait.sample(
                new ProcessCpu(() -> Map.of("itself", ProcessHandle.current().pid(), "gone", Long.MAX_VALUE)).trees());

        assertThat(sample.waitingNanos()).as("a process that does not exist is left out")
                .containsOnlyKeys("itself", ProcessCpu.HARNESS);
        assertThat(sample.waitingNanos().get("itself")).as("one entry per thread, this one among them")
                .hasSizeGreaterThan(1);
        Map<Long, Long> none = new HashMap<>();
        RunQueueWait.addThreads(Long.MAX_VALUE, none);
        assertThat(none).as("a process that does not exist").isEmpty();
    }

    @Test
    void averagesEachProcessOverTheWindowAndNamesItsWorstSeconds() {
        long from = FROM.toEpochMilli();
        List<RunQueueWait.Sample> samples = List.of(
                sample(from - 1_000, 0, 0),
                sample(from + 1_000, 1_000_000_000L, 4_000_000_000L),
                sample(from + 2_000, 1_200_000_000L, 4_300_000_000L),
                sample(from + 3_000, 1_400_000_000L, 6_100_000_000L),
                sample(from + 4_000, 1_500_000_000L, 6_100_000_000L),
                sample(from + 5_000, 2_200_000_000L, 6_700_000_000L),
                sample(from + 60_001, 99_000_000_000L, 99_000_000_000L));

        String line = RunQueueWait.within(samples, FROM, FROM.plusSeconds(60), "while publishing at 1000/s");

        assertThat(line).isEqualTo("threads waiting for a core while publishing at 1000/s (run-queue wait from"
                + " /proc/<pid>/task/*/schedstat): kafka-1 0.30, postgres 0.68, all 0.98 on average; the worst"
                + " seconds: 2.0 in the second to +3 s (most: postgres 1.8), 1.3 in the second to +5 s (most:"
                + " kafka-1 0.7), 0.5 in the second to +2 s (most: postgres 0.3)");
    }

    @Test
    void aThreadMissingFromOneSampleAddsNothingRatherThanItsWholeLife() {
        long from = FROM.toEpochMilli();
        Map<Long, Long> both = Map.of(1L, 100_000_000L, 2L, 50_000_000_000L);
        Map<Long, Long> missed = Map.of(1L, 300_000_000L);
        Map<Long, Long> back = Map.of(1L, 500_000_000L, 2L, 50_000_000_000L, 3L, 9_000_000_000L);
        List<RunQueueWait.Sample> samples = List.of(
                new RunQueueWait.Sample(from + 1_000, Map.of("kafka-1", both)),
                new RunQueueWait.Sample(from + 2_000, Map.of("kafka-1", missed)),
                new RunQueueWait.Sample(from + 3_000, Map.of("kafka-1", back)));

        assertThat(RunQueueWait.within(samples, FROM, FROM.plusSeconds(60), "at 1000/s"))
                .contains("kafka-1 0.20, all 0.20 on average")
                .contains("0.2 in the second to +3 s (most: kafka-1 0.2)");
    }

    @Test
    void saysWhenTheWindowHadTooFewSamples() {
        assertThat(RunQueueWait.within(List.of(sample(FROM.toEpochMilli(), 0, 0)), FROM, FROM.plusSeconds(60),
                "at 3000/s")).endsWith("fewer than two samples, not measured");
    }

    /** Two processes of one thread each. */
    private static RunQueueWait.Sample sample(long at, long kafka, long postgres) {
        Map<String, Map<Long, Long>> waits = new LinkedHashMap<>();
        waits.put("kafka-1", Map.of(11L, kafka));
        waits.put("postgres", Map.of(22L, postgres));
        return new RunQueueWait.Sample(at, waits);
    }
}
