package io.inkflow.schemas;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An eligible printer model, on the compacted topic {@link Topics#MODEL_CATALOG} keyed by model id.
 * Loaded at start from the resource {@code catalog/models.json} (see {@link ModelCatalog}).
 */
public record CatalogEntry(String model, String displayName, Series series, SupplyKind supplyKind,
                           boolean eligible, List<CatalogSlot> slots) {
    public CatalogEntry {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(supplyKind, "supplyKind");
        slots = List.copyOf(slots);
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("model " + model + " has no supply slots");
        }
    }

    public Optional<CatalogSlot> slot(String slotName) {
        return slots.stream().filter(s -> s.slot().equals(slotName)).findFirst();
    }
}
