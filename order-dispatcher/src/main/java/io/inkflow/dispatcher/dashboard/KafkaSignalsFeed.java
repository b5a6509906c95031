package io.inkflow.dispatcher.dashboard;

import io.inkflow.schemas.Json;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.config.KafkaSecurity;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Kafka side of the dashboard into a {@link SignalsWindow} on one background thread:
 * the telemetry topic's end offsets (its volume, without reading a single report), every rejection
 * and every low-ink signal of the last hour. It assigns partitions itself and commits nothing, so
 * every dispatcher instance sees the whole fleet and never takes work from a consumer group.
 */
final class KafkaSignalsFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaSignalsFeed.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration OFFSET_SAMPLE_EVERY = Duration.ofSeconds(1);
    private static final Duration DISCOVER_EVERY = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private final KafkaSecurity security;
    private final SignalsWindow window;
    private final Clock clock;
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile KafkaConsumer<byte[], byte[]> offsetsConsumer;

    private KafkaSignalsFeed(String bootstrapServers, KafkaSecurity security, SignalsWindow window, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.security = security;
        this.window = window;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("dashboard-kafka-feed").daemon().unstarted(this::run);
    }

    static KafkaSignalsFeed start(String bootstrapServers, KafkaSecurity security, SignalsWindow window, Clock clock) {
        KafkaSignalsFeed feed = new KafkaSignalsFeed(bootstrapServers, security, window, clock);
        feed.thread.start();
        return feed;
    }

    private void run() {
        // Two consumers on one thread: read_committed for the records (streams writes transactionally),
        // read_uncommitted for the telemetry end offsets, which it assigns but never polls and so never reads.
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(properties("read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaConsumer<byte[], byte[]> offsets = new KafkaConsumer<>(properties("read_uncommitted"),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            offsetsConsumer = offsets;
            List<TopicPartition> telemetry = List.of();
            Instant nextDiscovery = Instant.MIN;
            Instant nextSample = Instant.MIN;
            while (running) {
                try {
                    Instant now = clock.instant();
                    if (c.assignment().isEmpty() && !now.isBefore(nextDiscovery)) {
                        telemetry = assign(c, offsets);
                        nextDiscovery = now.plus(DISCOVER_EVERY);
                    }
                    if (!telemetry.isEmpty() && !now.isBefore(nextSample)) {
                        long sum = offsets.endOffsets(telemetry).values().stream().mapToLong(Long::longValue).sum();
                        window.telemetryEndOffsets(sum, clock.instant());
                        window.connected(true);
                        nextSample = now.plus(OFFSET_SAMPLE_EVERY);
                    }
                    if (c.assignment().isEmpty()) {
                        if (closing.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                            break;
                        }
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL)) {
                        handle(record);
                    }
                } catch (WakeupException e) {
                    // close() asked us to stop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    // The broker is unreachable or a request timed out: show it and try again shortly.
                    window.connected(false);
                    log.warn("Dashboard Kafka feed failed, retrying", e);
                    pause();
                }
            }
        } catch (RuntimeException e) {
            log.error("Dashboard Kafka feed stopped [bootstrap={}]", bootstrapServers, e);
        } finally {
            window.connected(false);
        }
    }

    /** Assigns the rejected and supply-event partitions from an hour ago; returns the telemetry partitions. */
    private List<TopicPartition> assign(KafkaConsumer<byte[], byte[]> c, KafkaConsumer<byte[], byte[]> offsets) {
        List<TopicPartition> telemetry = partitions(c, Topics.TELEMETRY);
        List<TopicPartition> read = new ArrayList<>(partitions(c, Topics.TELEMETRY_REJECTED));
        read.addAll(partitions(c, Topics.SUPPLY_EVENTS));
        if (telemetry.isEmpty() || read.isEmpty()) {
            log.debug("Dashboard Kafka feed waiting for topics");
            return List.of();
        }
        Instant hourAgo = clock.instant().minus(Duration.ofMinutes(SignalsWindow.MINUTES));
        c.assign(read);
        // Held assigned though never polled, so never read: Kafka 4.3's consumer warns at every end-offset lookup
        // of a partition it does not hold (KAFKA-20449, quiet from 4.4), and the feed looks one up each second.
        offsets.assign(telemetry);
        Map<TopicPartition, Long> at = new HashMap<>();
        read.forEach(tp -> at.put(tp, hourAgo.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> starts = c.offsetsForTimes(at);
        Map<TopicPartition, Long> ends = c.endOffsets(read);
        for (TopicPartition tp : read) {
            OffsetAndTimestamp found = starts.get(tp);
            c.seek(tp, found != null ? found.offset() : ends.get(tp));
        }
        backfillTelemetry(offsets, telemetry, hourAgo);
        window.connected(true);
        log.info("Dashboard Kafka feed assigned [partitions={}, telemetryPartitions={}]", read.size(), telemetry.size());
        return telemetry;
    }

    /** Counts the reports of each past minute of the hour from offsets looked up by timestamp. */
    private void backfillTelemetry(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> telemetry, Instant hourAgo) {
        long firstMinute = MinuteCounts.minuteOf(hourAgo) + 1;
        long currentMinute = MinuteCounts.minuteOf(clock.instant());
        Map<TopicPartition, Long> ends = c.endOffsets(telemetry);
        long previous = -1;
        for (long minute = firstMinute; minute <= currentMinute; minute++) {
            long sum = offsetSumAt(c, telemetry, minute * 60_000, ends);
            if (previous >= 0) {
                window.telemetryBackfill(Instant.ofEpochSecond((minute - 1) * 60), sum - previous);
            }
            previous = sum;
        }
        // The current minute up to now is counted by the first live end-offset sample's baseline:
        window.telemetryEndOffsets(previous, Instant.ofEpochSecond(currentMinute * 60));
    }

    private static long offsetSumAt(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions, long epochMillis,
                                    Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, epochMillis));
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query);
        long sum = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = found.get(tp);
            sum += o != null ? o.offset() : ends.get(tp);
        }
        return sum;
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            if (record.topic().equals(Topics.TELEMETRY_REJECTED)) {
                RejectedRecord rejected = Json.mapper().readValue(record.value(), RejectedRecord.class);
                window.rejection(rejected.reason(), rejected.rejectedAt());
            } else {
                window.supplyEvent(Json.mapper().readValue(record.value(), SupplyEvent.class));
            }
        } catch (IOException | RuntimeException e) {
            // Not ours to reject: the dashboard only skips what it cannot show.
            log.debug("Dashboard skipped unreadable record [topic={}, partition={}, offset={}]",
                    record.topic(), record.partition(), record.offset());
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic) {
        List<PartitionInfo> infos = c.partitionsFor(topic);
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private Properties properties(String isolation) {
        Properties p = new Properties();
        p.putAll(security.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "dispatcher-dashboard-" + isolation.replace('_', '-'));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return p;
    }

    private void pause() {
        try {
            closing.await(DISCOVER_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        closing.countDown();
        for (KafkaConsumer<byte[], byte[]> c : new ArrayList<>(java.util.Arrays.asList(consumer, offsetsConsumer))) {
            if (c != null) {
                c.wakeup();
            }
        }
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
