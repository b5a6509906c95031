package io.inkflow.stack.chaos;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Check (a): every report the gateway acknowledged is in the telemetry topic.
 *
 * <p>The simulator resends a report until it is acknowledged, and its trace holds every report it
 * published. When the fleet drained (nothing unacknowledged at the end), the published reports are
 * exactly the acknowledged ones, so the check is exact; with reports still unacknowledged it cannot
 * tell which of the published ones were acknowledged, and fails rather than guess.
 */
public final class TelemetryAudit {
    private TelemetryAudit() {
    }

    /**
     * @param published          distinct reports the fleet published (from its trace)
     * @param acknowledgedCount  distinct reports the fleet counted as acknowledged
     * @param unacknowledged     reports still unacknowledged when the fleet closed
     * @param inTopic            distinct reports found in the telemetry topic
     * @param topicRecords       records in the topic (duplicates included)
     */
    public static CheckResult check(Collection<ReportId> published, long acknowledgedCount, long unacknowledged,
                                    Set<ReportId> inTopic, long topicRecords) {
        Set<ReportId> distinct = new HashSet<>(published);
        List<String> missing = distinct.stream().filter(id -> !inTopic.contains(id)).sorted()
                .map(id -> "acknowledged but not in the topic: " + id).toList();
        boolean drained = unacknowledged == 0 && acknowledgedCount == distinct.size();
        boolean passed = drained && missing.isEmpty();
        String figures = String.format("acknowledged %,d distinct reports (published %,d, unacknowledged at end %,d); "
                        + "in topic %,d of them, missing %,d; topic holds %,d records (%,d distinct reports)",
                acknowledgedCount, distinct.size(), unacknowledged, distinct.size() - missing.size(), missing.size(),
                topicRecords, inTopic.size());
        List<String> problems = drained ? missing
                : java.util.stream.Stream.concat(java.util.stream.Stream.of(
                        "the fleet did not drain: the acknowledged set is not known exactly"), missing.stream()).toList();
        return new CheckResult("(a) every acknowledged report is in printer.telemetry.v1", passed, figures, problems);
    }
}
