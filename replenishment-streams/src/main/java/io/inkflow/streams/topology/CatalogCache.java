package io.inkflow.streams.topology;

import io.inkflow.schemas.CatalogEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream task's view of the global catalog store without parsing the entry's JSON on every report.
 * The global thread bumps {@link #version} after each catalog change; a changed version empties the
 * cache, so a catalog change applies to the next report. Not thread-safe: one per processor.
 */
final class CatalogCache {
    private static final Logger log = LoggerFactory.getLogger(CatalogCache.class);
    private final AtomicLong version;
    private final Map<String, CatalogEntry> entries = new HashMap<>();
    private long seen = -1;

    CatalogCache(AtomicLong version) {
        this.version = version;
    }

    /** The model's entry, or null when the model is not in the catalog (or its entry is unreadable). */
    CatalogEntry get(ReadOnlyKeyValueStore<String, CatalogEntry> store, String model) {
        long current = version.get();
        if (current != seen) {
            entries.clear();
            seen = current;
        }
        if (entries.containsKey(model)) {
            return entries.get(model);
        }
        CatalogEntry entry;
        try {
            entry = store.get(model);
        } catch (SerializationException e) {
            log.warn("Unreadable catalog entry treated as unknown [model={}]", model, e);
            entry = null;
        }
        entries.put(model, entry);
        return entry;
    }
}
