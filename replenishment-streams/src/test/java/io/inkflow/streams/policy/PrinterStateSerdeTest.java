package io.inkflow.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.EnrollmentStatus;
import io.inkflow.schemas.JsonSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state store keeps PrinterState as JSON; a round trip must lose nothing. */
class PrinterStateSerdeTest {
    @Test
    void roundTripsThroughJson() {
        Instant t = Instant.parse("2026-03-02T08:00:00Z");
        PrinterState state = new PrinterState("S1",
                new Enrollment("e1", "S1", "m", "a", Channel.AMAZON, EnrollmentStatus.ACTIVE, t),
                new DedupPosition(2, 7), t, true,
                Map.of("K", new SlotState("c", SlotStatus.ORDERED, 3, 9, true, true,
                        List.of(new LevelSample(t, 10), new LevelSample(t.plusSeconds(60), 9)))));
        JsonSerde<PrinterState> serde = JsonSerde.of(PrinterState.class);

        assertThat(serde.deserialize("t", serde.serialize("t", state))).isEqualTo(state);
        PrinterState empty = PrinterState.empty("S2");
        assertThat(serde.deserialize("t", serde.serialize("t", empty))).isEqualTo(empty);
    }
}
