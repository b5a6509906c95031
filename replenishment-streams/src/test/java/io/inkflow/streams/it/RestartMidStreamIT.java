package io.inkflow.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.Topics;
import io.inkflow.streams.ReplenishmentApp;
import io.inkflow.streams.StreamsConfig;
import io.inkflow.testkit.KafkaTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/** The application is closed while reports keep arriving and started again on the same state directory. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RestartMidStreamIT {
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

    private HttpResponse<String> get(String path) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void ordersAreExactlyTheExpectedSetAcrossARestart() {
        broker = KafkaTestBroker.start(dir.resolve("kafka"));
        ItKafka kafka = new ItKafka(broker);
        ItFleet fleet = new ItFleet(120, 2);
        kafka.prepare(4, fleet);
        StreamsConfig config = StreamsConfig.fromEnv(ItEnv.of(broker.bootstrapServers(), dir.resolve("state"), 0));
        List<ProducerRecord<String, byte[]>> records = fleet.records;
        int half = records.size() * 2 / 3;
        kafka.send(records.subList(0, half));

        app = ReplenishmentApp.start(config);
        byte[] garbage = "{\"serial\":".getBytes(StandardCharsets.UTF_8);
        kafka.send(List.of(new ProducerRecord<>(Topics.TELEMETRY, "TS6420-IT-0000", garbage)));
        await().atMost(Duration.ofSeconds(60)).until(() -> !kafka.committedOrderIds().isEmpty());
        app.close(); // mid-stream: the first half may not be fully processed yet
        app = null;

        kafka.send(records.subList(half, records.size()));
        app = ReplenishmentApp.start(config);
        await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        kafka.awaitCaughtUp(Duration.ofSeconds(90));

        List<String> ids = kafka.committedOrderIds();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(fleet.expectedOrderIds);

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("streams_orders_emitted_total{series=\"PIXMA\",trigger=\"THRESHOLD\"}");
        assertThat(metrics).contains("streams_reports_duplicate_total{kind=\"REPEAT\"}");
        assertThat(metrics).contains("kafka_stream_thread_"); // Kafka Streams' own metrics are bound
        assertThat(metrics).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds");

        List<RejectedRecord> rejected = kafka.readCommitted(Topics.TELEMETRY_REJECTED,
                JsonSerde.of(RejectedRecord.class)).stream().map(r -> r.value()).toList();
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.DESERIALIZATION_ERROR);
            assertThat(r.serial()).isEqualTo("TS6420-IT-0000");
        });
    }
}
