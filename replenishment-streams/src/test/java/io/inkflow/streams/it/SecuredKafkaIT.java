package io.inkflow.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inkflow.streams.ReplenishmentApp;
import io.inkflow.streams.StreamsConfig;
import io.inkflow.testkit.KafkaTestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams application against a broker that demands a SASL login, configured only by the
 * KAFKA_SECURITY_PROTOCOL and KAFKA_SASL_* variables: its topic check, consumers, transactional producers and
 * admin client all log in and it orders; with a wrong password it does not start and says why.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecuredKafkaIT {
    @TempDir
    Path dir;
    KafkaTestBroker broker;
    ReplenishmentApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void ordersThroughTheSaslListenerExactlyOnce() {
        broker = KafkaTestBroker.startSaslPlain(dir.resolve("kafka"), Map.of("streams", "streams-pw"), "streams");
        ItKafka kafka = new ItKafka(broker);
        ItFleet fleet = new ItFleet(10, 1);
        kafka.prepare(2, fleet);
        Map<String, String> env = ItEnv.of(broker.bootstrapServers(), dir.resolve("state"), 0);
        env.putAll(broker.clientEnv());

        app = ReplenishmentApp.start(StreamsConfig.fromEnv(env));
        await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        kafka.send(fleet.records);
        kafka.awaitCaughtUp(Duration.ofSeconds(90));

        Set<String> expected = fleet.expectedOrderIds;
        assertThat(kafka.committedOrderIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aWrongPasswordFailsTheStartNamingTheRefusedLogin() {
        broker = KafkaTestBroker.startSaslPlain(dir.resolve("kafka"), Map.of("streams", "streams-pw"), "streams");
        new ItKafka(broker).createTopicsWithLeaders(1);
        Map<String, String> env = ItEnv.of(broker.bootstrapServers(), dir.resolve("state"), 0);
        env.putAll(broker.clientEnv());
        env.put("KAFKA_SASL_PASSWORD", "not-the-password");

        assertThatThrownBy(() -> ReplenishmentApp.start(StreamsConfig.fromEnv(env)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot reach Kafka at " + broker.bootstrapServers())
                .hasMessageContaining("Authentication failed: Invalid username or password");
    }
}
