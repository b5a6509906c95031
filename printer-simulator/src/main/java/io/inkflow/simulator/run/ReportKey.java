package io.inkflow.simulator.run;

/** (bootEpoch, sequence): what the streams application deduplicates on. */
record ReportKey(long bootEpoch, long sequence) implements Comparable<ReportKey> {
    @Override
    public int compareTo(ReportKey other) {
        int byEpoch = Long.compare(bootEpoch, other.bootEpoch);
        return byEpoch != 0 ? byEpoch : Long.compare(sequence, other.sequence);
    }
}
