package io.inkflow.schemas;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The eligible Canon models, their supply slots, SKUs, prices and low-level thresholds. The data is
 * the resource {@code catalog/models.json}; at start it is published to the compacted topic
 * {@link Topics#MODEL_CATALOG}, from which the services read it.
 */
public final class ModelCatalog {
    public static final String RESOURCE = "catalog/models.json";

    private final Map<String, CatalogEntry> byModel;
    private final List<CatalogEntry> ordered;

    public ModelCatalog(List<CatalogEntry> entries) {
        Map<String, CatalogEntry> map = new LinkedHashMap<>();
        for (CatalogEntry entry : entries) {
            if (map.put(entry.model(), entry) != null) {
                throw new IllegalArgumentException("Duplicate model in catalog: " + entry.model());
            }
        }
        this.byModel = Map.copyOf(map);
        this.ordered = List.copyOf(map.values());
    }

    /** The bundled catalog resource. */
    public static ModelCatalog bundled() {
        try (InputStream in = SchemaValidator.resource(RESOURCE)) {
            return new ModelCatalog(Json.mapper().readValue(in, new TypeReference<List<CatalogEntry>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    public Optional<CatalogEntry> find(String model) {
        return Optional.ofNullable(byModel.get(model));
    }

    public List<CatalogEntry> entries() {
        return ordered;
    }
}
