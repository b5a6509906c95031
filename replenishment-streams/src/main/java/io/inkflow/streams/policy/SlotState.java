package io.inkflow.streams.policy;

import java.util.Objects;

/**
 * What the streams application remembers about one supply slot of one printer, for the current
 * enrollment.
 *
 * @param cartridgeId        the cartridge last seen in the slot
 * @param status             armed (may order) or ordered (this cartridge has been ordered)
 * @param depletionCycle     the cycle of the last order placed for the slot, 0 before the first
 * @param lastLevel          the last remaining percent seen
 * @param lowSignalled       LOW_SIGNAL already emitted for this cartridge
 * @param nonGenuineNotified NON_GENUINE_DETECTED already emitted for this cartridge
 * @param firstReading       the first reading of this cartridge: the anchor of its consumption history
 * @param readings           distinct levels seen for this cartridge, the anchor included
 */
public record SlotState(String cartridgeId, SlotStatus status, int depletionCycle, int lastLevel,
                        boolean lowSignalled, boolean nonGenuineNotified, LevelSample firstReading, int readings) {
    public SlotState {
        Objects.requireNonNull(cartridgeId, "cartridgeId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(firstReading, "firstReading");
    }

    /** A slot seen for the first time, or a new cartridge: armed, history starting at this reading. */
    static SlotState fresh(String cartridgeId, LevelSample sample, int depletionCycle) {
        return new SlotState(cartridgeId, SlotStatus.ARMED, depletionCycle, sample.level(), false, false, sample, 1);
    }

    /** The same cartridge read again; a changed level counts as one more reading of its history. */
    SlotState reading(LevelSample sample) {
        int count = sample.level() == lastLevel ? readings : readings + 1;
        return new SlotState(cartridgeId, status, depletionCycle, sample.level(), lowSignalled, nonGenuineNotified,
                firstReading, count);
    }

    SlotState ordered(int cycle) {
        return new SlotState(cartridgeId, SlotStatus.ORDERED, cycle, lastLevel, lowSignalled, nonGenuineNotified,
                firstReading, readings);
    }

    SlotState lowSignalledNow() {
        return new SlotState(cartridgeId, status, depletionCycle, lastLevel, true, nonGenuineNotified, firstReading,
                readings);
    }

    SlotState nonGenuineNotifiedNow() {
        return new SlotState(cartridgeId, status, depletionCycle, lastLevel, lowSignalled, true, firstReading,
                readings);
    }
}
