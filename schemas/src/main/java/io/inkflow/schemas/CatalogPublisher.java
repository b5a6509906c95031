package io.inkflow.schemas;

import io.inkflow.schemas.config.KafkaSecurity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the model catalog to the compacted topic {@link Topics#MODEL_CATALOG}, keyed by model id.
 * Idempotent: republishing the same catalog leaves the compacted topic's meaning unchanged, so every
 * component that owns a catalog copy may call it at start.
 */
public final class CatalogPublisher {
    private CatalogPublisher() {
    }

    /** Publishes every entry over plaintext and waits until Kafka acknowledged all of them. */
    public static int publish(String bootstrapServers, ModelCatalog catalog) {
        return publish(bootstrapServers, KafkaSecurity.PLAINTEXT, catalog);
    }

    /** Publishes every entry and waits until Kafka acknowledged all of them. */
    public static int publish(String bootstrapServers, KafkaSecurity security, ModelCatalog catalog) {
        Map<String, Object> config = new HashMap<>(security.clientProperties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "inkflow-catalog-publisher");
        JsonSerde<CatalogEntry> serde = JsonSerde.of(CatalogEntry.class);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (CatalogEntry entry : catalog.entries()) {
                sends.add(producer.send(new ProducerRecord<>(Topics.MODEL_CATALOG, entry.model(), entry)));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
            return sends.size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the model catalog", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot publish the model catalog: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
