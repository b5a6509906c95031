package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void noLogsDirectoryMeansNoLines() {
        assertThat(GcPauses.summarize(logs.resolve("absent"))).isEmpty();
    }
}
