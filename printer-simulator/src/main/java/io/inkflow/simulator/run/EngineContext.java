package io.inkflow.simulator.run;

import io.inkflow.simulator.RunOptions;
import io.inkflow.simulator.mqtt.LinkFactory;
import io.inkflow.simulator.oracle.DepletionOracle;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.report.TraceWriter;
import io.inkflow.simulator.stats.RunCounters;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/** What every agent of one run shares. */
record EngineContext(RunOptions options, RunCounters counters, DepletionOracle oracle, Optional<TraceWriter> trace,
                     LinkFactory links, LinkFactory intruderLinks, ExecutorService tasks, List<String> serials, long realStartNanos,
                     Semaphore intruders) {

    void trace(Instant simNow, String serial, String topic, TraceEntry.Kind kind, boolean dup, byte[] payload) {
        trace.ifPresent(writer -> writer.write(new TraceEntry((System.nanoTime() - realStartNanos) / 1_000_000,
                simNow, serial, topic, kind, dup, new String(payload, java.nio.charset.StandardCharsets.UTF_8))));
    }
}
