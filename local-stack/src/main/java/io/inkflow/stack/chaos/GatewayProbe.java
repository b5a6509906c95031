package io.inkflow.stack.chaos;

import java.net.URI;
import java.util.Optional;

/**
 * Reads a gateway's {@code /metrics} (Prometheus text): its printer connections, the reports it handed to
 * Kafka and holds until Kafka acknowledges them, its JVM's heap in use, and its sends that blocked an event
 * loop waiting for Kafka's metadata or were refused at once meanwhile.
 */
public final class GatewayProbe implements AutoCloseable {
    private final URI metrics;
    private final MetricsScrape scrape = new MetricsScrape();

    /** One reading. */
    public record Sample(long connections, long inflight, long heapUsedBytes, long blockedSends, long refusedSends) {
    }

    public GatewayProbe(int httpPort) {
        this.metrics = URI.create("http://127.0.0.1:" + httpPort + "/metrics");
    }

    /** A reading, or empty when the gateway does not answer within 3 s. */
    public Optional<Sample> sample() throws InterruptedException {
        return scrape.read(metrics).map(GatewayProbe::parse);
    }

    static Sample parse(String prometheusText) {
        long connections = -1;
        long inflight = -1;
        long heap = 0;
        long blocked = -1;
        long refused = -1;
        for (String line : prometheusText.lines().toList()) {
            if (line.startsWith("gateway_connections ")) {
                connections = value(line);
            } else if (line.startsWith("gateway_inflight ")) {
                inflight = value(line);
            } else if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += value(line);
            } else if (line.startsWith("gateway_kafka_sends_blocked_total ")) {
                blocked = value(line);
            } else if (line.startsWith("gateway_kafka_sends_refused_total ")) {
                refused = value(line);
            }
        }
        return new Sample(connections, inflight, heap, blocked, refused);
    }

    private static long value(String line) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
    }

    @Override
    public void close() {
        scrape.close();
    }
}
