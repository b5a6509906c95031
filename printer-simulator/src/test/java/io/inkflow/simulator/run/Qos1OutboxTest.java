package io.inkflow.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.simulator.mqtt.PrinterLink;
import io.inkflow.simulator.stats.ErrorKind;
import io.inkflow.simulator.stats.RunCounters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class Qos1OutboxTest {
    private record Ack(long key, String value, boolean wasPending, int reasonCode) {
    }

    private final FakeLink link = new FakeLink();
    private final RunCounters counters = new RunCounters();
    private final AtomicInteger generation = new AtomicInteger(1);
    private final List<Ack> acks = new ArrayList<>();
    private final Qos1Outbox<Long, String> outbox = new Qos1Outbox<>(link, counters, generation::get, this,
            (key, value, wasPending, reasonCode, sentNanos) -> acks.add(new Ack(key, value, wasPending, reasonCode)));

    private static Qos1Outbox.Message message(String text) {
        return new Qos1Outbox.Message("printers/P-1/telemetry", text.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void keepsAMessageUntilItsPubackAndLetsTheOwnerJudgeTheReasonCode() throws Exception {
        outbox.add(1L, "report 1", message("one"));
        outbox.send(1L);

        assertThat(link.lastPublish().text()).isEqualTo("one");
        assertThat(outbox.size()).isEqualTo(1);
        assertThat(counters.publishes.sum()).isEqualTo(1);

        link.lastPublish().outcome().acked(0x10);

        assertThat(acks).containsExactly(new Ack(1L, "report 1", true, 0x10));
        assertThat(outbox.isEmpty()).isTrue();
    }

    @Test
    void thePubackOfACopyCountsLikeTheOriginalsAndOnlyTheFirstOneWasPending() throws Exception {
        outbox.add(1L, "report 1", message("one"));
        outbox.send(1L);
        Qos1Outbox.Message copy = outbox.sendCopy(1L, true);

        assertThat(copy.dup()).isTrue();
        assertThat(link.publishes).extracting(FakeLink.Publish::dup).containsExactly(false, true);
        link.publishes.get(1).outcome().acked(0);
        link.publishes.get(0).outcome().acked(0);

        assertThat(acks).extracting(Ack::wasPending).containsExactly(true, false);
        assertThat(counters.publishes.sum()).isEqualTo(2);
    }

    @Test
    void afterAConnectionChangeEverythingUnacknowledgedWaitsInKeyOrder() throws Exception {
        for (long key : new long[] {3, 1, 2}) {
            outbox.add(key, "report " + key, message("m" + key));
            outbox.send(key);
        }
        assertThat(outbox.waiting()).isEmpty();

        outbox.markAllWaiting();

        assertThat(outbox.waiting()).containsExactly(1L, 2L, 3L);
        assertThat(outbox.unacknowledged()).containsOnlyKeys(1L, 2L, 3L);
    }

    @Test
    void aFailedPublishWaitsAgainAndIsAnErrorOnlyOnTheCurrentConnection() throws Exception {
        outbox.add(1L, "report 1", message("one"));
        outbox.send(1L);
        link.lastPublish().outcome().failed(new IllegalStateException("connection reset"));

        assertThat(outbox.waiting()).containsExactly(1L);
        assertThat(counters.errors().get(ErrorKind.PUBLISH_FAILED)).isEqualTo(1);

        outbox.send(1L);
        generation.incrementAndGet(); // the connection it went out on is gone
        link.lastPublish().outcome().failed(new IllegalStateException("connection reset"));

        assertThat(counters.errors().get(ErrorKind.PUBLISH_FAILED)).isEqualTo(1);
        assertThat(outbox.waiting()).isEmpty();
    }

    @Test
    void aPublishPahoRefusesWaitsAgainAndIsNotCounted() {
        outbox.add(1L, "report 1", message("one"));
        link.refusePublishes(true);

        assertThatThrownBy(() -> outbox.send(1L)).isInstanceOf(PrinterLink.LinkException.class)
                .satisfies(e -> assertThat(((PrinterLink.LinkException) e).notConnected()).isTrue());
        assertThat(outbox.waiting()).containsExactly(1L);
        assertThat(counters.publishes.sum()).isZero();
    }

    @Test
    void anUntrackedMessageIsNotKeptAndItsPubackRunsTheCallback() throws Exception {
        AtomicInteger acked = new AtomicInteger();

        outbox.sendUntracked(message("fault"), acked::incrementAndGet);
        link.lastPublish().outcome().acked(0x87);
        link.lastPublish().outcome().failed(new IllegalStateException("closed"));

        assertThat(outbox.isEmpty()).isTrue();
        assertThat(acked.get()).isEqualTo(1);
        assertThat(counters.publishes.sum()).isEqualTo(1);
        assertThat(counters.errorTotal()).isZero();
    }
}
