package io.inkflow.stack.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag on one topic, from the Admin client: the records between its committed offsets and
 * the end of each partition, summed. A partition without a committed offset counts from the beginning.
 */
final class ConsumerLag {
    private final Admin admin;
    private final String group;
    private final List<TopicPartition> partitions;

    ConsumerLag(Admin admin, String group, String topic) throws ExecutionException, InterruptedException {
        this.admin = admin;
        this.group = group;
        this.partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /**
     * Where the group stands, summed over the partitions.
     *
     * @param committed the group's committed offsets (a partition without one at its earliest offset)
     * @param end       the partitions' end offsets
     */
    record Position(long committed, long end) {
        long lag() {
            return Math.max(0, end - committed);
        }
    }

    long records() throws ExecutionException, InterruptedException {
        return position().lag();
    }

    Position position() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()))).all().get();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.earliest()))).all().get();
        long committedSum = 0;
        long endSum = 0;
        for (TopicPartition p : partitions) {
            OffsetAndMetadata offset = committed.get(p);
            long end = latest.get(p).offset();
            // at most the end: a partition's lag is never negative
            committedSum += Math.min(end, offset == null ? earliest.get(p).offset() : offset.offset());
            endSum += end;
        }
        return new Position(committedSum, endSum);
    }
}
