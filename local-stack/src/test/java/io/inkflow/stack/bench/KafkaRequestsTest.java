package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.junit.jupiter.api.Test;

class KafkaRequestsTest {
    /** As Micrometer's Prometheus registry writes the Kafka binders' meters. */
    private static final String STREAMS_METRICS = """
            # HELP kafka_consumer_request_total The total number of requests sent
            # TYPE kafka_consumer_request_total counter
            kafka_consumer_request_total{client_id="inkflow-replenishment-3f1c2a9e-5b7d-4c1e-9a0b-1d2e3f4a5b6c-StreamThread-1-consumer",kafka_version="4.3.1"} 1200.0
            kafka_consumer_request_total{client_id="inkflow-replenishment-3f1c2a9e-5b7d-4c1e-9a0b-1d2e3f4a5b6c-StreamThread-1-restore-consumer",kafka_version="4.3.1"} 30.0
            kafka_consumer_node_request_total{client_id="inkflow-replenishment-3f1c2a9e-5b7d-4c1e-9a0b-1d2e3f4a5b6c-StreamThread-1-consumer",node_id="node-1"} 1100.0
            kafka_producer_request_total{client_id="inkflow-replenishment-3f1c2a9e-5b7d-4c1e-9a0b-1d2e3f4a5b6c-StreamThread-1-producer",kafka_version="4.3.1"} 5.0E3
            kafka_admin_client_request_total{client_id="inkflow-replenishment-3f1c2a9e-5b7d-4c1e-9a0b-1d2e3f4a5b6c-admin",kafka_version="4.3.1"} 12.0
            kafka_producer_record_send_total{client_id="producer-1",kafka_version="4.3.1"} 9999.0
            kafka_producer_record_retry_total{client_id="inkflow-replenishment-3f1c2a9e-5b7d-4c1e-9a0b-1d2e3f4a5b6c-StreamThread-1-producer",kafka_version="4.3.1"} 3.0
            kafka_producer_topic_record_retry_total{client_id="inkflow-replenishment-3f1c2a9e-5b7d-4c1e-9a0b-1d2e3f4a5b6c-StreamThread-1-producer",topic="orders.v1"} 2.0
            kafka_producer_txn_send_offsets_time_ns_total{client_id="inkflow-replenishment-3f1c2a9e-5b7d-4c1e-9a0b-1d2e3f4a5b6c-StreamThread-1-producer",kafka_version="4.3.1"} 2.5E8
            kafka_producer_txn_commit_time_ns_total{client_id="inkflow-replenishment-3f1c2a9e-5b7d-4c1e-9a0b-1d2e3f4a5b6c-StreamThread-1-producer",kafka_version="4.3.1"} 1.0E8
            jvm_threads_live_threads 42.0
            """;

    @Test
    void parseSumsEachClientsRequestsWithoutTheStreamsApplicationAndProcessPrefix() {
        assertThat(KafkaRequests.parse("streams", STREAMS_METRICS)).containsExactly(
                entry("streams StreamThread-1-consumer", 1200.0),
                entry("streams StreamThread-1-producer", 5000.0),
                entry("streams StreamThread-1-restore-consumer", 30.0),
                entry("streams admin", 12.0));
        assertThat(KafkaRequests.parse("gateway", "kafka_producer_request_total{client_id=\"gateway-1\"} 7.0\n"))
                .containsExactly(entry("gateway gateway-1", 7.0));
    }

    @Test
    void parseRetriesReadsEachProducersOwnRetriesAndNotItsPerTopicOnes() {
        assertThat(KafkaRequests.parseRetries("streams", STREAMS_METRICS))
                .containsExactly(entry("streams StreamThread-1-producer", 3.0));
    }

    @Test
    void theRetriesLineGivesEachProducersRetriesBetweenTheFirstAndLastSampleOfTheStep() {
        List<KafkaRequests.Sample> samples = List.of(
                new KafkaRequests.Sample(0, Map.of(), new TreeMap<>(Map.of("streams p", 1.0))),
                new KafkaRequests.Sample(10_000, Map.of(), new TreeMap<>(Map.of("streams p", 4.0, "gateway p", 0.0))),
                new KafkaRequests.Sample(20_000, Map.of(), new TreeMap<>(Map.of("streams p", 9.0, "gateway p", 0.0))),
                new KafkaRequests.Sample(30_000, Map.of(), new TreeMap<>(Map.of("streams p", 99.0, "gateway p", 5.0))));

        assertThat(KafkaRequests.retriesLine(samples, 5_000, 25_000, "while publishing at 9000/s"))
                .endsWith("while publishing at 9000/s (record-retry-total, from the samples every 10 s inside the "
                        + "step): gateway p 0, streams p 5");
        assertThat(KafkaRequests.retriesLine(samples, 5_000, 15_000, "while publishing at 9000/s"))
                .endsWith(": fewer than two samples, not measured");
    }

    @Test
    void parseTransactionNanosReadsTheTimeEachProducerSpentSendingOffsetsAndCommitting() {
        assertThat(KafkaRequests.parseTransactionNanos("streams", STREAMS_METRICS)).containsExactly(
                entry("streams StreamThread-1-producer committing", 1.0E8),
                entry("streams StreamThread-1-producer sending offsets", 2.5E8));
    }

    @Test
    void theTransactionsLineGivesMillisecondsASecondHeldInEachPhaseLeavingOutProducersThatSpentNone() {
        List<KafkaRequests.Sample> samples = List.of(
                new KafkaRequests.Sample(0, Map.of(), Map.of(), new TreeMap<>(Map.of(
                        "streams p sending offsets", 1.0E9, "streams p committing", 0.0, "gateway p committing", 0.0))),
                new KafkaRequests.Sample(10_000, Map.of(), Map.of(), new TreeMap<>(Map.of(
                        "streams p sending offsets", 3.0E9, "streams p committing", 5.0E8, "gateway p committing", 0.0))));

        assertThat(KafkaRequests.transactionsLine(samples, 0, 10_000, "while publishing at 9000/s"))
                .endsWith("while publishing at 9000/s (txn-send-offsets-time-ns-total and txn-commit-time-ns-total, "
                        + "from the samples every 10 s inside the step): streams p committing 50, "
                        + "streams p sending offsets 200");
        assertThat(KafkaRequests.transactionsLine(samples, 0, 5_000, "while publishing at 9000/s"))
                .endsWith(": fewer than two samples, not measured");
    }

    @Test
    void requestTotalReadsAClientsOwnMetricAndNotItsPerNodeOnes() {
        try (Metrics metrics = new Metrics()) {
            add(metrics, new MetricName("request-total", "consumer-metrics", "", Map.of("client-id", "c")), 40);
            add(metrics, new MetricName("request-total", "consumer-node-metrics", "", Map.of("node-id", "node-1")), 39);
            add(metrics, new MetricName("fetch-total", "consumer-fetch-manager-metrics", "", Map.of()), 20);

            assertThat(KafkaRequests.requestTotal(metrics.metrics())).isEqualTo(40.0);
        }
    }

    @Test
    void ratesAreTakenFromTheFirstToTheLastSampleWhileTheFleetPublished() {
        List<KafkaRequests.Sample> samples = List.of(
                new KafkaRequests.Sample(0, Map.of("gateway p", 0.0)),
                new KafkaRequests.Sample(10_000, Map.of("gateway p", 1_000.0, "streams c", 100.0)),
                new KafkaRequests.Sample(20_000, Map.of("gateway p", 3_000.0, "streams c", 400.0)),
                new KafkaRequests.Sample(30_000, Map.of("gateway p", 5_000.0, "streams c", 700.0)),
                new KafkaRequests.Sample(40_000, Map.of("gateway p", 9_999.0, "streams c", 9_999.0)));

        assertThat(KafkaRequests.ratesWithin(samples, 5_000, 35_000)).hasValueSatisfying(rates ->
                assertThat(rates).containsOnly(entry("gateway p", 200.0), entry("streams c", 30.0)));
        assertThat(KafkaRequests.ratesWithin(samples, 5_000, 15_000)).as("one sample inside").isEmpty();
    }

    @Test
    void aClientMissingFromEitherEndIsLeftOut() {
        List<KafkaRequests.Sample> samples = List.of(
                new KafkaRequests.Sample(0, Map.of("gateway p", 0.0, "dispatcher c", 5.0)),
                new KafkaRequests.Sample(10_000, Map.of("gateway p", 100.0)));

        assertThat(KafkaRequests.ratesWithin(samples, 0, 10_000)).hasValue(Map.of("gateway p", 10.0));
    }

    private static void add(Metrics metrics, MetricName name, double value) {
        Sensor sensor = metrics.sensor(name.group() + "/" + name.name());
        sensor.add(name, new CumulativeSum());
        sensor.record(value);
    }
}
