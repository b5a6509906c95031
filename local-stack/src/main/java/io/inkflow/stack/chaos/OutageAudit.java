package io.inkflow.stack.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Check (e): the gateway rode out every Kafka outage. While no broker answered, the same gateway process
 * kept running and answering, and it held no more unacknowledged reports than its per-connection limit
 * allows for the connections it had: that budget, not the length of the outage, is what bounds its memory
 * (printers wait for their PUBACK and resend; the gateway stops reading a connection whose budget is spent).
 * The heap it used is printed beside, as measured.
 */
public final class OutageAudit {
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
     */
    public record Observation(int samples, int unanswered, boolean samePid, long maxConnections, long maxInflight,
                              int inflightLimit, long heapBeforeBytes, long heapMaxBytes) {
        boolean bounded() {
            return samples > 0 && unanswered == 0 && samePid && maxInflight <= maxConnections * inflightLimit;
        }

        String describe() {
            return String.format("%d readings, %d unanswered, same process %s; at most %,d connections holding %,d "
                            + "reports for Kafka (limit %,d a connection); heap %.0f MiB before, at most %.0f MiB during",
                    samples, unanswered, samePid ? "yes" : "NO", maxConnections, maxInflight, inflightLimit,
                    heapBeforeBytes / 1048576.0, heapMaxBytes / 1048576.0);
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
