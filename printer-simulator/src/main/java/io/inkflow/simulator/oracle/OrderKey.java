package io.inkflow.simulator.oracle;

/** What identifies one depletion: a slot of a printer and the slot's depletion cycle. */
public record OrderKey(String serial, String slot, int depletionCycle) implements Comparable<OrderKey> {
    @Override
    public int compareTo(OrderKey other) {
        int bySerial = serial.compareTo(other.serial);
        if (bySerial != 0) {
            return bySerial;
        }
        int bySlot = slot.compareTo(other.slot);
        return bySlot != 0 ? bySlot : Integer.compare(depletionCycle, other.depletionCycle);
    }

    @Override
    public String toString() {
        return serial + '/' + slot + '#' + depletionCycle;
    }
}
