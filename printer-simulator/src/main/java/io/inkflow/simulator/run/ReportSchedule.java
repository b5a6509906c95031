package io.inkflow.simulator.run;

import io.inkflow.simulator.fleet.Seeds;
import java.time.Duration;
import java.time.Instant;

/**
 * When a printer checks its levels and whether it reports then: every sample interval of simulated time
 * (from a phase drawn from the seed, so a fleet does not check in step), a report when a whole percent
 * changed or the heartbeat is due. Shared by the MQTT {@link PrinterAgent} and the offline
 * {@link TraceGenerator}, so both send the same reports.
 */
final class ReportSchedule {
    private final Duration sampleInterval;
    private final Duration heartbeat;
    private Instant nextSampleAt;
    private Instant lastReportAt = Instant.MIN;

    ReportSchedule(long seed, String serial, Instant simStart, Duration sampleInterval, Duration heartbeat) {
        this.sampleInterval = sampleInterval;
        this.heartbeat = heartbeat;
        this.nextSampleAt = simStart.plusMillis(Seeds.stream(seed, "phase/" + serial)
                .nextLong(Math.max(1, sampleInterval.toMillis())));
    }

    boolean sampleDue(Instant simNow) {
        return !simNow.isBefore(nextSampleAt);
    }

    Instant nextSampleAt() {
        return nextSampleAt;
    }

    /**
     * Takes the sample due at {@code simNow}.
     *
     * @param changed whether a whole percent changed since the last report
     * @return whether the printer reports now
     */
    boolean sample(Instant simNow, boolean changed) {
        nextSampleAt = simNow.plus(sampleInterval);
        return changed || !lastReportAt.plus(heartbeat).isAfter(simNow);
    }

    void reported(Instant simNow) {
        lastReportAt = simNow;
    }
}
