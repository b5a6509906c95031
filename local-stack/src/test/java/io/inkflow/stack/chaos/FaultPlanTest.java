package io.inkflow.stack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    @Test
    void interleavesKindsAndSpreadsThemEvenlyInsideTheWindow() {
        List<FaultPlan.Event> plan = FaultPlan.spread(Duration.ofSeconds(70), 3, 1, 1, 1);

        assertThat(plan).extracting(FaultPlan.Event::fault).containsExactly(
                new Fault.Kill(Service.GATEWAY), new Fault.RestartPostgres(), new Fault.Kill(Service.DISPATCHER),
                new Fault.Kill(Service.STREAMS), new Fault.Kill(Service.GATEWAY), new Fault.Kill(Service.GATEWAY));
        assertThat(plan).extracting(FaultPlan.Event::at).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(40), Duration.ofSeconds(50), Duration.ofSeconds(60));
    }

    @Test
    void noFaultsMakeAnEmptyPlan() {
        assertThat(FaultPlan.spread(Duration.ofSeconds(70), 0, 0, 0, 0)).isEmpty();
    }
}
