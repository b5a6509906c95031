package io.inkflow.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.streams.StreamsConfig;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class KafkaStreamsPropertiesTest {

    @Test
    void theStreamThreadsConsumerFetchesInHandfulsAndStillReadsCommittedOnly() {
        var properties = KafkaStreamsProperties.of(StreamsConfig.fromEnv(Map.of()), ReplenishmentMetrics.discarding(),
                Clock.systemUTC());

        // as Kafka Streams hands them to the main consumer of a stream thread
        Map<String, Object> consumer = new org.apache.kafka.streams.StreamsConfig(properties)
                .getMainConsumerConfigs("group", "client", 0);

        assertThat(consumer).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 32 * 1024)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    @Test
    void theGlobalThreadsConsumerAnswersAtTheFirstByteAndWaitsLongWhenIdle() {
        var properties = KafkaStreamsProperties.of(StreamsConfig.fromEnv(Map.of()), ReplenishmentMetrics.discarding(),
                Clock.systemUTC());

        // as Kafka Streams hands them to the global thread's consumer (catalog and enrollments)
        Map<String, Object> global = new org.apache.kafka.streams.StreamsConfig(properties)
                .getGlobalConsumerConfigs("client");

        assertThat(global).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
    }
}
