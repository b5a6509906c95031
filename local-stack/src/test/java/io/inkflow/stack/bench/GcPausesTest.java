package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcPausesTest {
    @TempDir
    Path logs;

    @Test
    void summarizesEachServicesPausesFromItsGcLog() throws Exception {
        Files.writeString(logs.resolve("dispatcher-1-gc.log"), """
                [0.011s][info][gc] Using G1
                [2026-12-02T05:40:41.123+0000][3.402s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 4.210ms
                [9.877s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Evacuation Pause) 80M->30M(256M) 61.500ms
                [9.900s][info][gc] GC(2) Concurrent Mark Cycle
                [9.950s][info][gc] GC(2) Pause Remark 31M->31M(256M) 2.290ms
                [9.990s][info][gc] GC(2) Concurrent Mark Cycle 90.123ms
                """);
        Files.writeString(logs.resolve("gateway-1-gc.log"), "[0.010s][info][gc] Using G1\n");
        Files.writeString(logs.resolve("gateway-1.log"), "Pause 99.0ms is not a collector log\n");

        assertThat(GcPauses.summarize(logs)).containsExactly(
                "collector pauses, dispatcher-1: 3 pauses, longest 61.5 ms, 1 over 50 ms, 0.07 s in total",
                "collector pauses, gateway-1: 0 pauses, longest 0.0 ms, 0 over 50 ms, 0.00 s in total");
    }

    @Test
    void withinAWindowOnlyThePausesThatEndedInItCountAndLinesWithoutWallClockAreLeftOut() throws Exception {
        Files.writeString(logs.resolve("streams-1-gc.log"), """
                [2026-12-03T09:58:53.058+0000][0.012s][info][gc] Using G1
                [2026-12-03T09:59:14.665+0000][21.619s][info][gc] GC(29) Pause Young (Mixed) (G1 Evacuation Pause) 313M->310M(665M) 493.672ms
                [2026-12-03T10:02:00.000+0000][187.000s][info][gc] GC(150) Pause Young (Normal) (G1 Evacuation Pause) 160M->50M(184M) 44.152ms
                [2026-12-03T10:02:30.500+0000][217.500s][info][gc] GC(152) Pause Remark 60M->60M(184M) 60.500ms
                [220.000s][info][gc] GC(153) Pause Young (Normal) (G1 Evacuation Pause) 160M->50M(184M) 99.000ms
                [2026-12-03T10:03:00.001+0000][247.001s][info][gc] GC(154) Pause Young (Normal) (G1 Evacuation Pause) 160M->50M(184M) 300.000ms
                """);

        assertThat(GcPauses.summarizeWithin(logs, Instant.parse("2026-12-03T10:02:00Z"),
                Instant.parse("2026-12-03T10:03:00Z"), "while publishing at 1000/s")).containsExactly(
                "collector pauses while publishing at 1000/s, streams-1: 2 pauses, longest 60.5 ms, 1 over 50 ms, "
                        + "0.10 s in total");
        assertThat(GcPauses.summarize(logs)).containsExactly(
                "collector pauses, streams-1: 5 pauses, longest 493.7 ms, 4 over 50 ms, 1.00 s in total");
    }

    @Test
    void noLogsDirectoryMeansNoLines() {
        assertThat(GcPauses.summarize(logs.resolve("absent"))).isEmpty();
    }
}
