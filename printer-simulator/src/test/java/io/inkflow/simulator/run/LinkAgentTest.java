package io.inkflow.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.Channel;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.stats.ErrorKind;
import io.inkflow.simulator.stats.RunCounters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LinkAgentTest {
    private static final FleetPrinter PRINTER = new FleetPrinter("P-000001", "pixma-ts6420a", Channel.CANON, "acct",
            "token", "enr-1", "secret-1");

    private final FakeLink link = new FakeLink();
    private final RunCounters counters = new RunCounters();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final LinkAgent agent = new LinkAgent(PRINTER, link, counters, timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private static LinkAgent.Item item(long id, boolean tracked) {
        return new LinkAgent.Item(id, "printers/P-000001/telemetry", ("item " + id).getBytes(StandardCharsets.UTF_8),
                false, tracked, System.nanoTime());
    }

    /** Connects and publishes one item; returns its PUBLISH. */
    private FakeLink.Publish connectedAndPublished(boolean tracked) {
        agent.start();
        link.lastConnect().outcome().connected();
        agent.publish(item(1, tracked));
        return link.lastPublish();
    }

    @Test
    void afterAReconnectItResendsTheUnacknowledgedInOrderAndThenWhatQueuedMeanwhile() {
        agent.start();
        link.lastConnect().outcome().connected();
        agent.publish(item(1, true));
        agent.publish(item(2, true));
        link.publishes.getFirst().outcome().acked(0);

        link.lastConnect().listener().connectionLost(new IllegalStateException("reset"));
        agent.publish(item(3, false));
        agent.publish(item(4, true));
        await().atMost(Duration.ofSeconds(5)).until(() -> link.connects.size() == 2);
        link.lastConnect().outcome().connected();

        assertThat(link.publishes).extracting(FakeLink.Publish::text)
                .containsExactly("item 1", "item 2", "item 2", "item 4", "item 3");
        assertThat(agent.unackedCount()).isEqualTo(2);
        assertThat(agent.unackedItems()).extracting(LinkAgent.Item::id).containsExactly(2L, 4L);
        assertThat(counters.reportsAcked.sum()).isEqualTo(1);
        assertThat(counters.connects.sum()).isEqualTo(2);
        assertThat(counters.errors().get(ErrorKind.CONNECTION_LOST)).isEqualTo(1);
    }

    @Test
    void aRefusedPubackIsAnErrorAndTheItemIsNotResent() {
        connectedAndPublished(true).outcome().acked(0x87);

        assertThat(counters.errors().get(ErrorKind.PUBACK_REJECTED)).isEqualTo(1);
        assertThat(agent.unackedCount()).isZero();
    }

    @Test
    void theAcknowledgementOfAnUntrackedItemCountsAsAFaultPublish() {
        connectedAndPublished(false).outcome().acked(0);

        assertThat(counters.faultPublishesAcked.sum()).isEqualTo(1);
        assertThat(counters.reportsAcked.sum()).isZero();
        assertThat(agent.unackedCount()).isZero();
    }
}
