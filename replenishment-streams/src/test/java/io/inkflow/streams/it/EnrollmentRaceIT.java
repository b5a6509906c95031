package io.inkflow.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.Topics;
import io.inkflow.streams.ReplenishmentApp;
import io.inkflow.streams.StreamsConfig;
import io.inkflow.testkit.KafkaTestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Printers report their cartridges running dry before their enrollments reach the streams application
 * (the dispatcher's outbox relay lags behind the gateway). Each depleted slot must still be ordered
 * exactly once, when the enrollment arrives.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EnrollmentRaceIT {
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
            broker.stop();
        }
    }

    @Test
    void reportsBeforeTheirEnrollmentOrderExactlyOnceWhenItArrives() {
        broker = KafkaTestBroker.start(dir.resolve("kafka"));
        ItKafka kafka = new ItKafka(broker);
        kafka.createTopicsWithLeaders(4);
        ItFleet fleet = new ItFleet(40, 1); // one cartridge per slot, falling to 0 %
        app = ReplenishmentApp.start(StreamsConfig.fromEnv(ItEnv.of(broker.bootstrapServers(), dir.resolve("state"), 0)));
        await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);

        kafka.send(fleet.records);
        kafka.awaitCaughtUp(Duration.ofSeconds(60));
        assertThat(kafka.committedOrderIds()).as("no enrollment yet, no order").isEmpty();

        JsonSerde<Enrollment> serde = JsonSerde.of(Enrollment.class);
        List<ProducerRecord<String, byte[]>> enrollments = fleet.enrollments.stream()
                .map(e -> new ProducerRecord<>(Topics.ENROLLMENTS, e.serial(), serde.serialize(Topics.ENROLLMENTS, e)))
                .toList();
        kafka.send(enrollments);
        kafka.send(enrollments); // the relay may publish twice
        kafka.awaitCaughtUp(Topics.ENROLLMENTS, Duration.ofSeconds(60));

        Set<String> expected = fleet.expectedOrderIds;
        List<String> ids = kafka.committedOrderIds();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(expected);
    }
}
