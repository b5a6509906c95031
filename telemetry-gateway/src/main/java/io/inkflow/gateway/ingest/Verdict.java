package io.inkflow.gateway.ingest;

import io.inkflow.schemas.RejectionReason;
import java.util.Objects;

/** The outcome of checking one report: forward it to the telemetry topic, or reject it with a reason. */
public sealed interface Verdict {

    /** The report is valid and belongs to {@code serial}; its original bytes go to Kafka unchanged. */
    record Accepted(String serial) implements Verdict {
        public Accepted {
            Objects.requireNonNull(serial, "serial");
        }
    }

    /** The report is refused; {@code detail} is for operators and never contains a secret. */
    record Rejected(RejectionReason reason, String detail) implements Verdict {
        private static final int MAX_DETAIL = 500;

        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            if (detail.length() > MAX_DETAIL) {
                detail = detail.substring(0, MAX_DETAIL);
            }
        }
    }
}
