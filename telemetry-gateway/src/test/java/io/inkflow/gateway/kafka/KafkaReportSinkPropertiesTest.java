package io.inkflow.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.config.KafkaSecurity;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaReportSinkPropertiesTest {
    @Test
    void theLingerReachesTheProducerAndLeavesTheRequestTimeoutWithinTheDeliveryTimeout() {
        Map<String, Object> properties = KafkaReportSink.properties("k:1", KafkaSecurity.PLAINTEXT,
                Duration.ofMillis(20_000), 32 << 20, Duration.ofMillis(5));

        assertThat(properties).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000)
                // Kafka refuses a producer whose delivery timeout is below linger plus request timeout.
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 19_995);
    }
}
