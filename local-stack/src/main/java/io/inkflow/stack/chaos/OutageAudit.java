package io.inkflow.stack.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Check (e): the gateway rode out every Kafka outage. While no broker answered, the same gateway process
 * kept running and answering, and it held no more unacknowledged reports than its per-connection limit
 * allows for the connections it had: that budget, not the length of the outage, is what bounds its memory
 * (printers wait for their PUBACK and resend; the gateway stops reading a connection whose budget is spent).
 * And its event loops were not stalled report after report: at most {@link #BLOCKED_SENDS_LIMIT} sends waited
 * {@code max.block.ms} for Kafka's metadata before the gateway's breaker refused the rest at once. The heap it
 * used is printed beside, as measured.
 */
public final class OutageAudit {
    /**
     * Sends that may block an event loop in one outage: when the breaker opens, each of the gateway's event loops
     * (four on two cores) may be inside a send already; twice that allows the breaker to open twice.
     */
    static final int BLOCKED_SENDS_LIMIT = 8;

    private OutageAudit() {
    }

    /**
     * What was seen of the gateway during one outage.
     *
     * @param samples          readings taken (one a second)
     * @param unanswered       readings the gateway did not answer
     * @param samePid          the gateway process before the outage is the one after it
     * @param maxConnections   most printer connections seen
     * @param maxInflight      most reports held for Kafka at once
     * @param inflightLimit    reports a connection may hold ({@code GATEWAY_MAX_INFLIGHT_PER_CONNECTION})
     * @param heapBeforeBytes  heap in use just before the outage
     * @param heapMaxBytes     most heap in use during the outage
     * @param blockedSends     sends that waited {@code max.block.ms} on an event loop during it (-1 unknown)
     * @param refusedSends     reports the gateway's breaker refused at once during it (-1 unknown)
     */
    public record Observation(int samples, int unanswered, boolean samePid, long maxConnections, long maxInflight,
                              int inflightLimit, long heapBeforeBytes, long heapMaxBytes, long blockedSends,
                              long refusedSends) {
        boolean bounded() {
            return samples > 0 && unanswered == 0 && samePid && maxInflight <= maxConnections * inflightLimit
                    && blockedSends >= 0 && blockedSends <= BLOCKED_SENDS_LIMIT;
        }

        String describe() {
            return String.format("%d readings, %d unanswered, same process %s; at most %,d connections holding %,d "
                            + "reports for Kafka (limit %,d a connection); %,d sends blocked an event loop, %,d refused "
                            + "at once; heap %.0f MiB before, at most %.0f MiB during",
                    samples, unanswered, samePid ? "yes" : "NO", maxConnections, maxInflight, inflightLimit,
                    blockedSends, refusedSends, heapBeforeBytes / 1048576.0, heapMaxBytes / 1048576.0);
        }
    }

    public static CheckResult check(List<Observation> outages, int outagesPlanned) {
        List<String> problems = new ArrayList<>();
        if (outages.size() != outagesPlanned) {
            problems.add(outagesPlanned + " outages planned, " + outages.size() + " observed");
        }
        for (int i = 0; i < outages.size(); i++) {
            if (!outages.get(i).bounded()) {
                problems.add("outage " + (i + 1) + ": " + outages.get(i).describe());
            }
        }
        String figures = outages.isEmpty() ? "no Kafka outage in this run" : String.join("; ",
                outages.stream().map(Observation::describe).toList());
        return new CheckResult("(e) the gateway rides out all of Kafka down, its memory bounded", problems.isEmpty(),
                figures, problems);
    }
}
