package io.inkflow.schemas.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MachineLoadTest {
    @Test
    void readsTheThreeAveragesOfAProcLoadavgLine() {
        MachineLoad load = MachineLoad.parse("1.92 1.80 1.71 3/412 98765\n", 2);

        assertThat(load).isEqualTo(new MachineLoad(1.92, 1.80, 1.71, 2));
        assertThat(load).hasToString("1.92 1.80 1.71 (2 cores)");
    }

    @Test
    void isBusyOnlyWhenTheOneMinuteLoadIsAboveTheCoreCount() {
        assertThat(MachineLoad.parse("2.00 5.00 5.00 1/1 1", 2).busy()).isFalse();
        assertThat(MachineLoad.parse("2.01 0.10 0.10 1/1 1", 2).busy()).isTrue();
        assertThat(MachineLoad.parse("3.50 0.10 0.10 1/1 1", 4).busy()).isFalse();
    }

    @Test
    void refusesALineThatIsNotALoadAverage() {
        assertThatThrownBy(() -> MachineLoad.parse("nothing", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing");
    }

    @Test
    void readsThisMachine() {
        MachineLoad load = MachineLoad.now();

        assertThat(load.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(load.one()).isGreaterThanOrEqualTo(0);
    }
}
