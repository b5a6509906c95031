package io.inkflow.streams.policy;

import java.time.Instant;
import java.util.Objects;

/** One remaining-percent reading of a slot at the printer's time. */
public record LevelSample(Instant at, int level) {
    public LevelSample {
        Objects.requireNonNull(at, "at");
    }
}
