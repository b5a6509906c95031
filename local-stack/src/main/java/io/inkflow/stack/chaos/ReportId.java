package io.inkflow.stack.chaos;

/** What identifies one telemetry report: the printer, its boot epoch and the sequence within it. */
public record ReportId(String serial, long bootEpoch, long sequence) implements Comparable<ReportId> {
    @Override
    public int compareTo(ReportId other) {
        int bySerial = serial.compareTo(other.serial);
        if (bySerial != 0) {
            return bySerial;
        }
        int byEpoch = Long.compare(bootEpoch, other.bootEpoch);
        return byEpoch != 0 ? byEpoch : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return serial + "@" + bootEpoch + "#" + sequence;
    }
}
