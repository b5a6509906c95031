package io.inkflow.streams.topology;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.Topics;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global catalog store in step with the compacted catalog topic, so a threshold change
 * applies to the next report without a restart. Reads raw bytes itself: a broken catalog record is
 * skipped with a warning (the previous entry stays) instead of stopping the global thread, whose
 * errors no record handler covers. Also runs on restore, so the store never holds unreadable bytes.
 */
final class CatalogUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(CatalogUpdater.class);
    private final JsonSerde<CatalogEntry> serde = JsonSerde.of(CatalogEntry.class);
    private final ReplenishmentMetrics metrics;
    private final AtomicLong version;
    private KeyValueStore<String, CatalogEntry> store;

    /** @param version bumped after every change, so the stream tasks' {@link CatalogCache}s refresh */
    CatalogUpdater(ReplenishmentMetrics metrics, AtomicLong version) {
        this.metrics = metrics;
        this.version = version;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StoreNames.MODEL_CATALOG);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            metrics.catalogInvalid();
            log.warn("Skipped catalog record without a model id");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            version.incrementAndGet();
            log.info("Model removed from catalog [model={}]", record.key());
            return;
        }
        try {
            CatalogEntry entry = serde.deserialize(Topics.MODEL_CATALOG, record.value());
            store.put(record.key(), entry);
            version.incrementAndGet();
            log.debug("Catalog entry updated [model={}]", record.key());
        } catch (SerializationException e) {
            metrics.catalogInvalid();
            log.warn("Skipped unreadable catalog record [model={}]", record.key(), e);
        }
    }
}
