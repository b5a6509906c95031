package io.inkflow.streams.policy;

import java.util.ArrayList;
import java.util.List;
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
 * @param history            level changes of this cartridge, oldest first, for forecasting
 */
public record SlotState(String cartridgeId, SlotStatus status, int depletionCycle, int lastLevel,
                        boolean lowSignalled, boolean nonGenuineNotified, List<LevelSample> history) {
    public SlotState {
        Objects.requireNonNull(cartridgeId, "cartridgeId");
        Objects.requireNonNull(status, "status");
        history = List.copyOf(history);
    }

    /** A slot seen for the first time, or a new cartridge: armed, history starting at this reading. */
    static SlotState fresh(String cartridgeId, LevelSample sample, int depletionCycle) {
        return new SlotState(cartridgeId, SlotStatus.ARMED, depletionCycle, sample.level(), false, false,
                List.of(sample));
    }

    /** The same cartridge read again: records a level change in the history. */
    SlotState reading(LevelSample sample) {
        List<LevelSample> next = history;
        if (history.isEmpty() || history.getLast().level() != sample.level()) {
            List<LevelSample> grown = new ArrayList<>(history);
            grown.add(sample);
            if (grown.size() > PolicySettings.HISTORY_LIMIT) {
                grown.removeFirst();
            }
            next = grown;
        }
        return new SlotState(cartridgeId, status, depletionCycle, sample.level(), lowSignalled, nonGenuineNotified,
                next);
    }

    SlotState ordered(int cycle) {
        return new SlotState(cartridgeId, SlotStatus.ORDERED, cycle, lastLevel, lowSignalled, nonGenuineNotified,
                history);
    }

    SlotState lowSignalledNow() {
        return new SlotState(cartridgeId, status, depletionCycle, lastLevel, true, nonGenuineNotified, history);
    }

    SlotState nonGenuineNotifiedNow() {
        return new SlotState(cartridgeId, status, depletionCycle, lastLevel, lowSignalled, true, history);
    }
}
