package io.inkflow.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates InkFlow's topics where they are missing: compacted for enrollments, credentials, the
 * catalog and printer status; time-retained for the streams of events. Partition counts of co-partitioned topics must
 * match, so all topics get the same count.
 */
public final class TopicSetup {
    private static final Set<String> COMPACTED = Set.of(Topics.ENROLLMENTS, Topics.CREDENTIALS, Topics.MODEL_CATALOG,
            Topics.PRINTER_STATUS);
    private static final List<String> ALL = List.of(Topics.TELEMETRY, Topics.TELEMETRY_REJECTED, Topics.ENROLLMENTS,
            Topics.CREDENTIALS, Topics.MODEL_CATALOG, Topics.ORDERS, Topics.ORDER_EVENTS, Topics.SUPPLY_EVENTS,
            Topics.PRINTER_STATUS);

    private TopicSetup() {
    }

    public static List<String> allTopics() {
        return ALL;
    }

    /** Idempotent: existing topics are left as they are. */
    public static void ensureTopics(Admin admin, int partitions, short replicationFactor) {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics: " + e.getCause().getMessage(), e.getCause());
        }
        List<NewTopic> missing = new ArrayList<>();
        for (String name : ALL) {
            if (!existing.contains(name)) {
                missing.add(newTopic(name, partitions, replicationFactor));
            }
        }
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topics", e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topics: " + e.getCause().getMessage(), e.getCause());
                }
            }
        }
        awaitLeaders(admin, Duration.ofSeconds(60));
    }

    /**
     * Waits until every partition of every InkFlow topic has a leader: a producer that starts
     * right after creation on a busy machine otherwise sees transient errors.
     */
    static void awaitLeaders(Admin admin, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                boolean allLed = admin.describeTopics(ALL).allTopicNames().get().values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException e) {
                // metadata not propagated yet: try again until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for partition leaders", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Partitions of InkFlow topics have no leader after " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for partition leaders", e);
            }
        }
    }

    static NewTopic newTopic(String name, int partitions, short replicationFactor) {
        NewTopic topic = new NewTopic(name, partitions, replicationFactor);
        if (COMPACTED.contains(name)) {
            return topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }
}
