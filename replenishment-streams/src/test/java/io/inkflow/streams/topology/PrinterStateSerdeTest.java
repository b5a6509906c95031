package io.inkflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.schemas.Channel;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.EnrollmentStatus;
import io.inkflow.streams.policy.DedupPosition;
import io.inkflow.streams.policy.LevelSample;
import io.inkflow.streams.policy.PrinterState;
import io.inkflow.streams.policy.SlotState;
import io.inkflow.streams.policy.SlotStatus;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The state store keeps PrinterState in a binary form; a round trip must lose nothing. */
class PrinterStateSerdeTest {
    private final PrinterStateSerde serde = new PrinterStateSerde();

    @Test
    void roundTripsEveryField() {
        Instant t = Instant.parse("2026-03-02T08:00:00.123456789Z");
        PrinterState state = new PrinterState("S1",
                new Enrollment("e1", "S1", "m", "a", Channel.AMAZON, EnrollmentStatus.CANCELLED, t), "pixma-ts8320",
                new DedupPosition(2, 7), t.plusSeconds(5), true,
                Map.of("K", new SlotState("c", SlotStatus.ORDERED, 3, 9, true, true, false, new LevelSample(t, 100), 12),
                        "C", new SlotState("c2", SlotStatus.ARMED, 0, 0, false, false, true, new LevelSample(t, 0), 1)));

        assertThat(serde.deserialize("t", serde.serialize("t", state))).isEqualTo(state);
        PrinterState empty = PrinterState.empty("S2");
        assertThat(serde.deserialize("t", serde.serialize("t", empty))).isEqualTo(empty);
    }

    @Test
    void rejectsUnknownFormatVersionAndTruncatedBytes() {
        byte[] bytes = serde.serialize("t", PrinterState.empty("S2"));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 2);
        bytes[0] = 9;
        assertThatThrownBy(() -> serde.deserialize("t", bytes)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserialize("t", truncated)).isInstanceOf(SerializationException.class);
    }
}
