package io.inkflow.gateway.testing;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.inkflow.schemas.CredentialStatus;
import io.inkflow.schemas.DeviceCredential;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.Topics;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Device credentials made the way the dispatcher makes them (docs/contracts.md "Device secrets"). */
public final class Credentials {
    private Credentials() {
    }

    public static String hash(String secret) {
        return Password.hash(secret).addRandomSalt(16)
                .with(Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID)).getResult();
    }

    public static DeviceCredential active(String serial, String secret) {
        return new DeviceCredential(serial, hash(secret), CredentialStatus.ACTIVE, Instant.now());
    }

    /** Writes a credential (or a tombstone when {@code credential} is null) and waits for Kafka's ack. */
    public static void publish(String bootstrapServers, String serial, DeviceCredential credential) {
        publish(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), serial, credential);
    }

    /** As {@link #publish(String, String, DeviceCredential)}, with the producer's client properties given. */
    public static void publish(Map<String, Object> client, String serial, DeviceCredential credential) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client, new StringSerializer(),
                new ByteArraySerializer())) {
            byte[] value = credential == null ? null
                    : JsonSerde.of(DeviceCredential.class).serialize(Topics.CREDENTIALS, credential);
            producer.send(new ProducerRecord<>(Topics.CREDENTIALS, serial, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish credential for " + serial, e);
        }
    }
}
