package io.inkflow.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.embedded.FreePorts;
import io.inkflow.testkit.KafkaTestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The application runs as its own process, is killed with SIGKILL mid-stream and restarted on its state. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KilledProcessIT {
    @TempDir
    Path dir;
    KafkaTestBroker broker;
    StreamsProcess process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void ordersAreExactlyTheExpectedSetAfterSigkillAndRestart() {
        broker = KafkaTestBroker.start(dir.resolve("kafka"));
        ItKafka kafka = new ItKafka(broker);
        ItFleet fleet = new ItFleet(120, 2);
        kafka.prepare(4, fleet);
        int port = FreePorts.one();
        Map<String, String> env = ItEnv.of(broker.bootstrapServers(), dir.resolve("state"), port);
        List<ProducerRecord<String, byte[]>> records = fleet.records;
        int part = records.size() * 2 / 3;
        kafka.send(records.subList(0, part));

        process = StreamsProcess.start(env, port, dir.resolve("streams-1.log"));
        process.awaitReady(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() -> !kafka.committedOrderIds().isEmpty());
        process.kill();

        kafka.send(records.subList(part, records.size()));
        process = StreamsProcess.start(env, port, dir.resolve("streams-2.log"));
        process.awaitReady(Duration.ofSeconds(60));
        kafka.awaitCaughtUp(Duration.ofSeconds(90));

        List<String> ids = kafka.committedOrderIds();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(fleet.expectedOrderIds);
    }
}
