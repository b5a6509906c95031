package io.inkflow.stack.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headline figures, picked from the benchmark sections by pattern (never typed in): a figure
 * whose line is missing reads "not measured".
 */
final class Summary {
    private static final String MISSING = "not measured";

    private Summary() {
    }

    /** @param sections section text by key (gateway, streams, dispatcher, e2e, chain) */
    static String table(Map<String, String> sections) {
        String gateway = sections.getOrDefault("gateway", "");
        String streams = sections.getOrDefault("streams", "");
        String dispatcher = sections.getOrDefault("dispatcher", "");
        String e2e = sections.getOrDefault("e2e", "");
        String chain = sections.getOrDefault("chain", "");
        StringBuilder t = new StringBuilder("| figure | value | section |\n|---|---|---|\n");
        row(t, "gateway/Mosquitto throughput at the same offered load (QoS 1)",
                all(gateway, "gateway/mosquitto throughput at (\\d+)/s: ([\\d.]+)", "%2$s at %1$s/s"), "gateway");
        row(t, "gateway PUBACK p99 (after the Kafka ack)",
                all(gateway, "\\| gateway \\| (\\d+) \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| ([\\d.]+) \\|", "%2$s ms at %1$s/s"),
                "gateway");
        row(t, "idle connections held by one gateway process",
                all(gateway, "idle gateway: (\\d+) connections held; .*= (\\d+) bytes/connection",
                        "%1$s (%2$s bytes of heap and direct memory each)"), "gateway");
        row(t, "streams throughput (exactly_once_v2, backlog)",
                all(streams, "reportsPerSecond=(\\d+), threads=(\\d+), commitMs=(\\d+)",
                        "%1$s reports/s (%2$s thread, commit interval %3$s ms)"), "streams");
        row(t, "streams report-to-order latency (read_committed)",
                all(streams, "LATENCY \\[rate=(\\d+),.*p50ms=(\\d+), p90ms=\\d+, p99ms=(\\d+)",
                        "p50 %2$s ms, p99 %3$s ms at %1$s reports/s"), "streams");
        row(t, "dispatcher orders ingested into PostgreSQL (ingest-only instance)",
                all(dispatcher, "STORM ingest only \\[orders=(\\d+), partitions=(\\d+), consumers=(\\d+),"
                                + ".*ingestPerSecond=(\\d+),.*loadAtStart=([\\d.]+)",
                        "%4$s orders/s with %2$s partitions and %3$s consumers (%1$s orders, load %5$s at start)"),
                "dispatcher");
        row(t, "dispatcher orders charged and shipped (backlog)",
                all(dispatcher, "STORM result \\[rate=0, orders=(\\d+), latencyMs=(\\d+),.*shippedPerSecond=(\\d+),"
                                + ".*loadAtStart=([\\d.]+)",
                        "%3$s orders/s with the sandbox at %2$s ms (%1$s orders, load %4$s at start)"), "dispatcher");
        row(t, "dispatcher topic to SHIPPED at a steady offered rate",
                all(dispatcher, "STORM result \\[rate=([1-9]\\d*),.*p50TopicToShippedMs=(\\d+), p99TopicToShippedMs=(\\d+),"
                                + ".*loadAtStart=([\\d.]+)",
                        "p50 %2$s ms, p99 %3$s ms at %1$s orders/s (load %4$s at start)"), "dispatcher");
        row(t, "end-to-end p99, printer report to order row",
                all(e2e, "\\| [\\d,]+ \\| [\\d,]+ \\| [\\d,]+ \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|",
                        "%3$s ms (p50 %1$s ms, max %4$s ms)"), "end-to-end");
        row(t, "whole chain, highest sustained offered rate (lag bounded, report-to-order p99 under 1 s)",
                all(chain, "highest sustained rate: (\\d+) reports/s", "%1$s reports/s"), "chain");
        row(t, "whole chain, checks (telemetry records = acknowledged reports; orders = oracle)",
                all(chain, "(PASS|FAIL) (printer.telemetry.v1|the orders table)", "%1$s"), "chain");
        return t.toString();
    }

    private static void row(StringBuilder t, String figure, String value, String section) {
        t.append("| ").append(figure).append(" | ").append(value).append(" | ").append(section).append(" |\n");
    }

    private static String all(String text, String regex, String format) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            Object[] groups = new Object[m.groupCount()];
            for (int i = 0; i < groups.length; i++) {
                groups[i] = m.group(i + 1);
            }
            found.add(String.format(format, groups));
        }
        return found.isEmpty() ? MISSING : String.join("; ", found);
    }
}
