package io.inkflow.streams.policy;

import java.util.Objects;

/**
 * What the streams application remembers about one supply slot of one printer.
 *
 * @param cartridgeId        the cartridge last seen in the slot
 * @param status             armed (may order) or ordered (this cartridge has been ordered)
 * @param depletionCycle     the cycle of the last order placed for the slot under the current
 *                           enrollment, 0 before the first
 * @param lastLevel          the last remaining percent seen
 * @param genuine            whether the last report called the cartridge genuine
 * @param lowSignalled       LOW_SIGNAL already emitted for this cartridge
 * @param nonGenuineNotified NON_GENUINE_DETECTED already emitted for this cartridge
 * @param firstReading       the first reading of this cartridge: the anchor of its consumption history
 * @param readings           distinct levels seen for this cartridge, the anchor included
 */
public record SlotState(String cartridgeId, SlotStatus status, int depletionCycle, int lastLevel, boolean genuine,
                        boolean lowSignalled, boolean nonGenuineNotified, LevelSample firstReading, int readings) {
    public SlotState {
        Objects.requireNonNull(cartridgeId, "cartridgeId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(firstReading, "firstReading");
    }

    /** A slot seen for the first time, or a new cartridge: armed, history starting at this reading. */
    static SlotState fresh(String cartridgeId, LevelSample sample, boolean genuine, int depletionCycle) {
        return new SlotState(cartridgeId, SlotStatus.ARMED, depletionCycle, sample.level(), genuine, false, false,
                sample, 1);
    }

    /** The same cartridge read again; a changed level counts as one more reading of its history. */
    SlotState reading(LevelSample sample, boolean genuineNow) {
        int count = sample.level() == lastLevel ? readings : readings + 1;
        return new SlotState(cartridgeId, status, depletionCycle, sample.level(), genuineNow, lowSignalled,
                nonGenuineNotified, firstReading, count);
    }

    /**
     * The slot as a new owner finds it: the same cartridge and its history, but armed, cycles from
     * the start, and the customer not yet told anything.
     */
    SlotState forNewEnrollment() {
        return new SlotState(cartridgeId, SlotStatus.ARMED, 0, lastLevel, genuine, false, false, firstReading,
                readings);
    }

    SlotState ordered(int cycle) {
        return new SlotState(cartridgeId, SlotStatus.ORDERED, cycle, lastLevel, genuine, lowSignalled,
                nonGenuineNotified, firstReading, readings);
    }

    SlotState lowSignalledNow() {
        return new SlotState(cartridgeId, status, depletionCycle, lastLevel, genuine, true, nonGenuineNotified,
                firstReading, readings);
    }

    SlotState nonGenuineNotifiedNow() {
        return new SlotState(cartridgeId, status, depletionCycle, lastLevel, genuine, lowSignalled, true,
                firstReading, readings);
    }
}
