package io.inkflow.schemas;

import java.util.Objects;

/**
 * One supply slot of a model.
 *
 * @param slot                slot name as printers report it
 * @param colour              human readable colour
 * @param sku                 the genuine Canon supply for the slot
 * @param priceCents          list price in US cents
 * @param lowThresholdPercent the remaining percent at which the slot counts as low
 * @param parcel              the SKU's shipping parcel (weight and size), for the carrier
 */
public record CatalogSlot(String slot, String colour, String sku, long priceCents, int lowThresholdPercent,
                          Parcel parcel) {
    public CatalogSlot {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(parcel, "parcel");
        if (priceCents <= 0) {
            throw new IllegalArgumentException("priceCents must be positive for " + sku);
        }
        if (lowThresholdPercent < 1 || lowThresholdPercent > 50) {
            throw new IllegalArgumentException("lowThresholdPercent must be 1..50 for " + sku);
        }
    }
}
