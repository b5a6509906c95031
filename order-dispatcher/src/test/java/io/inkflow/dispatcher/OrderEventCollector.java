package io.inkflow.dispatcher;

import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.OrderEvent;
import io.inkflow.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every order event from the topic into memory while a test runs. */
public final class OrderEventCollector implements AutoCloseable {
    private final List<OrderEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public OrderEventCollector(String bootstrapServers) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Reads with the given client properties (bootstrap servers and security). */
    public OrderEventCollector(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "collector-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, OrderEvent> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                JsonSerde.of(OrderEvent.class).deserializer());
        consumer.subscribe(List.of(Topics.ORDER_EVENTS));
        thread = Thread.ofPlatform().daemon(true).start(() -> {
            try (consumer) {
                while (running.get()) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> events.add(r.value()));
                }
            }
        });
    }

    public List<OrderEvent> of(String orderId) {
        return events.stream().filter(e -> e.orderId().equals(orderId)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(Duration.ofSeconds(10));
    }
}
