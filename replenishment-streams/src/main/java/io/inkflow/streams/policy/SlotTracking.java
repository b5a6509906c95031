package io.inkflow.streams.policy;

import io.inkflow.schemas.SupplyLevel;

/**
 * Follows the cartridge in one slot from report to report and decides when a new cartridge is in:
 * a different cartridge id, or the same id with a level jump of at least the re-arm margin (a refill
 * or a sensor reset). A new cartridge arms the slot again; small rises are sensor noise.
 */
final class SlotTracking {
    private SlotTracking() {
    }

    /** The slot after this reading, and whether an ordered slot was armed again by it. */
    record Tracked(SlotState state, boolean rearmed) {
    }

    static Tracked track(SlotState previous, SupplyLevel supply, LevelSample sample, int rearmMarginPercent) {
        if (previous == null) {
            return new Tracked(SlotState.fresh(supply.cartridgeId(), sample, supply.genuine(), 0), false);
        }
        boolean newCartridge = !previous.cartridgeId().equals(supply.cartridgeId())
                || supply.remainingPercent() - previous.lastLevel() >= rearmMarginPercent;
        if (newCartridge) {
            SlotState fresh = SlotState.fresh(supply.cartridgeId(), sample, supply.genuine(), previous.depletionCycle());
            return new Tracked(fresh, previous.status() == SlotStatus.ORDERED);
        }
        return new Tracked(previous.reading(sample, supply.genuine()), false);
    }
}
