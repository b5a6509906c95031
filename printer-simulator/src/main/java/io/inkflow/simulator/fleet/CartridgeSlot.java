package io.inkflow.simulator.fleet;

import io.inkflow.schemas.CatalogSlot;
import java.time.Instant;

/** The cartridge currently in one slot of a virtual printer. Mutable; owned by its {@link VirtualPrinter}. */
final class CartridgeSlot {
    final CatalogSlot catalog;
    int cartridgeNo;
    String cartridgeId;
    boolean genuine;
    double level;
    /** Set once a report showed this cartridge at or below the threshold; starts the replacement delay. */
    boolean reportedLow;
    Instant replaceDueAt;
    int lastReported = -1;

    CartridgeSlot(CatalogSlot catalog) {
        this.catalog = catalog;
    }

    int reportedPercent() {
        return DepletionModel.reportedPercent(level);
    }
}
