package io.inkflow.schemas;

import java.util.Objects;

/**
 * One supply slot as a printer reports it.
 *
 * @param slot             the slot name in the model catalog, for example {@code PGBK} or {@code C}
 * @param sku              the SKU of the cartridge in the slot
 * @param colour           human readable colour, for example {@code cyan}
 * @param remainingPercent 0..100
 * @param genuine          whether the printer recognises the cartridge as a genuine Canon supply
 * @param cartridgeId      the cartridge's own id (changes when a cartridge is replaced)
 */
public record SupplyLevel(String slot, String sku, String colour, int remainingPercent, boolean genuine,
                          String cartridgeId) {
    public SupplyLevel {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(cartridgeId, "cartridgeId");
        if (remainingPercent < 0 || remainingPercent > 100) {
            throw new IllegalArgumentException("remainingPercent must be 0..100, was " + remainingPercent);
        }
    }
}
