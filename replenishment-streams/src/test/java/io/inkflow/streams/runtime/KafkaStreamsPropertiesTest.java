package io.inkflow.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.streams.StreamsConfig;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaStreamsPropertiesTest {

    @Test
    void theStreamThreadsConsumerFetchesInHandfulsAndStillReadsCommittedOnly() {
        // as Kafka Streams hands them to the main consumer of a stream thread
        Map<String, Object> consumer = kafkaStreamsConfig().getMainConsumerConfigs("group", "client", 0);

        assertThat(consumer).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 32 * 1024)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    @Test
    void theGlobalThreadsConsumerAnswersAtTheFirstByteAndWaitsLongWhenIdle() {
        // as Kafka Streams hands them to the global thread's consumer (catalog and enrollments)
        Map<String, Object> global = kafkaStreamsConfig().getGlobalConsumerConfigs("client");

        assertThat(global).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
    }

    @Test
    void theStreamThreadsProducerSendsWhatACommitFlushesInLargeBatches() {
        // as Kafka Streams hands them to a stream thread's producer: its own linger of 100 ms kept, our batch size
        Map<String, Object> producer = kafkaStreamsConfig().getProducerConfigs("client");

        assertThat(producer).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "100")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }

    /** The application's defaults as Kafka Streams reads them, to ask what it hands each of its clients. */
    private static org.apache.kafka.streams.StreamsConfig kafkaStreamsConfig() {
        return new org.apache.kafka.streams.StreamsConfig(KafkaStreamsProperties.of(StreamsConfig.fromEnv(Map.of()),
                ReplenishmentMetrics.discarding(), Clock.systemUTC()));
    }
}
