package io.inkflow.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.embedded.FreePorts;
import io.inkflow.streams.ReplenishmentApp;
import io.inkflow.streams.StreamsConfig;
import io.inkflow.testkit.KafkaTestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two instances share the partitions; one is SIGKILLed and the other takes its partitions over. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InstanceTakeoverIT {
    @TempDir
    Path dir;
    KafkaTestBroker broker;
    StreamsProcess other;
    ReplenishmentApp survivor;

    @AfterEach
    void stop() {
        if (other != null) {
            other.close();
        }
        if (survivor != null) {
            survivor.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void survivorTakesOverAndOrdersAreExactlyTheExpectedSet() {
        broker = KafkaTestBroker.start(dir.resolve("kafka"));
        ItKafka kafka = new ItKafka(broker);
        ItFleet fleet = new ItFleet(120, 2);
        kafka.prepare(4, fleet);
        List<ProducerRecord<String, byte[]>> records = fleet.records;
        int part = records.size() * 2 / 3;

        survivor = ReplenishmentApp.start(StreamsConfig.fromEnv(
                ItEnv.of(broker.bootstrapServers(), dir.resolve("state-a"), 0)));
        int port = FreePorts.one();
        other = StreamsProcess.start(ItEnv.of(broker.bootstrapServers(), dir.resolve("state-b"), port), port,
                dir.resolve("streams-b.log"));
        other.awaitReady(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() -> survivor.state() == KafkaStreams.State.RUNNING);

        kafka.send(records.subList(0, part));
        await().atMost(Duration.ofSeconds(60)).until(() -> !kafka.committedOrderIds().isEmpty());
        other.kill();
        kafka.send(records.subList(part, records.size()));

        kafka.awaitCaughtUp(Duration.ofSeconds(120));
        List<String> ids = kafka.committedOrderIds();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(fleet.expectedOrderIds);
    }
}
