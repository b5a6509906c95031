package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RateStepTest {
    private static final List<Long> STEADY = List.of(120L, 300L, 80L, 250L, 150L, 90L, 310L, 140L, 200L, 160L);

    @Test
    void aStepWithSmallSteadyLagAndFastOrdersIsSustained() {
        RateStep step = new RateStep(1000, 998, STEADY, 500, 500, 420);

        assertThat(step.verdict().sustained()).isTrue();
        assertThat(step.verdict().reasons()).isEmpty();
    }

    @Test
    void lagAboveOneSecondOfReportsAtTheEndIsNotSustained() {
        RateStep step = new RateStep(1000, 1000, List.of(500L, 900L, 1000L, 1200L, 1000L, 1100L, 1001L, 1050L), 500,
                500, 300);

        assertThat(step.verdict().sustained()).isFalse();
        assertThat(step.verdict().reasons()).containsExactly("lag at the end 1050 records, more than one second of reports");
    }

    @Test
    void aGrowingBacklogFailsBeforeItReachesOneSecondOfReports() {
        // 80 records more every second: 8% of the offered rate, ending at 840, below 1000
        List<Long> growing = List.of(120L, 200L, 280L, 360L, 440L, 520L, 600L, 680L, 760L, 840L);
        RateStep step = new RateStep(1000, 1000, growing, 500, 500, 300);

        assertThat(step.lagGrowthPerSecond()).isEqualTo(80.0);
        assertThat(step.verdict().sustained()).isFalse();
        assertThat(step.verdict().reasons()).containsExactly("lag growing by 80 records/s");
    }

    @Test
    void ap99OfOneSecondOrMoreIsNotSustained() {
        RateStep step = new RateStep(1000, 1000, STEADY, 500, 500, 1000);

        assertThat(step.verdict().reasons()).containsExactly("report-to-order p99 1000 ms");
    }

    @Test
    void missingOrdersAndAGatewayFallingBehindAreReasonsToo() {
        RateStep step = new RateStep(1000, 900, STEADY, 500, 499, 300);

        assertThat(step.verdict().reasons()).containsExactly("acknowledged 900/s of 1000/s offered",
                "499 of 500 orders stored");
    }

    @Test
    void tooFewLagSamplesCannotShowTheLagIsBounded() {
        RateStep step = new RateStep(1000, 1000, List.of(10L, 10L), 500, 500, 300);

        assertThat(step.verdict().reasons()).containsExactly("only 2 lag samples");
    }

    @Test
    void theHighestSustainedRateIsTheHighestStepThatKeptUp() {
        RateStep low = new RateStep(1000, 1000, STEADY, 500, 500, 200);
        RateStep middle = new RateStep(2000, 2000, STEADY, 1000, 1000, 400);
        RateStep high = new RateStep(5000, 4100, STEADY, 2000, 2000, 2500);

        assertThat(RateStep.highestSustained(List.of(low, middle, high))).contains(2000);
        assertThat(RateStep.highestSustained(List.of(high))).isEmpty();
    }
}
