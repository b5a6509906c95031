package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inkflow.simulator.stats.Percentiles;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HopTimingsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");

    @Test
    void splitsTheWayFromReportToCommittedRowIntoItsHops() {
        HopTimings hops = new HopTimings(T0, Duration.ofSeconds(10));
        hops.add(new HopTimings.Way(T0, at(7), at(57), at(120), at(131), at(146)));

        assertThat(hops.gatewayToKafka().p50Millis()).isCloseTo(7, within(0.1));
        assertThat(hops.streamsProcessing().p50Millis()).isCloseTo(50, within(0.1));
        assertThat(hops.streamsCommit().p50Millis()).isCloseTo(63, within(0.1));
        assertThat(hops.dispatcherPoll().p50Millis()).isCloseTo(11, within(0.1));
        assertThat(hops.dispatcherStore().p50Millis()).isCloseTo(15, within(0.1));
        assertThat(hops.reportToOrder().p50Millis()).isCloseTo(146, within(0.2));
    }

    @Test
    void aMissingInstantLeavesOutOnlyTheHopsThatNeedIt() {
        HopTimings hops = new HopTimings(T0, Duration.ofSeconds(10));
        hops.add(new HopTimings.Way(T0, null, at(57), null, at(131), at(146)));

        assertThat(hops.reportToOrder().count()).isEqualTo(1);
        assertThat(hops.dispatcherStore().count()).isEqualTo(1);
        assertThat(hops.gatewayToKafka().count()).isZero();
        assertThat(hops.streamsProcessing().count()).isZero();
        assertThat(hops.streamsCommit().count()).isZero();
        assertThat(hops.dispatcherPoll().count()).isZero();
    }

    @Test
    void aHopShorterThanTheAppendTimesResolutionCountsAsZeroNotNegative() {
        HopTimings hops = new HopTimings(T0, Duration.ofSeconds(10));
        hops.add(new HopTimings.Way(T0, at(7), at(6), at(10), at(11), at(12)));

        assertThat(hops.streamsProcessing().maxMillis()).isZero();
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void keepsTheSlowestWaysSlowestFirstWithEachHop() {
        HopTimings hops = new HopTimings(T0, Duration.ofSeconds(10));
        for (int i = 1; i <= 20; i++) {
            hops.add(new HopTimings.Way(T0, at(i), at(2L * i), at(3L * i), at(4L * i), at(10L * i)));
        }

        assertThat(hops.slowest(2)).extracting(way -> way.describe(T0.minusSeconds(2))).containsExactly(
                "published at +2.0 s: 200 ms in all = gateway to Kafka 20 + streams processing 20 + streams commit 20 "
                        + "+ dispatcher poll 20 + dispatcher store and commit 120",
                "published at +2.0 s: 190 ms in all = gateway to Kafka 19 + streams processing 19 + streams commit 19 "
                        + "+ dispatcher poll 19 + dispatcher store and commit 114");
        assertThat(hops.slowest(100)).hasSize(10);
    }

    @Test
    void givesTheWholeWayPerWindowOfPublishingTime() {
        HopTimings hops = new HopTimings(T0, Duration.ofSeconds(10));
        hops.add(new HopTimings.Way(T0.plusSeconds(1), null, null, null, null, T0.plusSeconds(1).plusMillis(900)));
        hops.add(new HopTimings.Way(T0.plusSeconds(25), null, null, null, null, T0.plusSeconds(25).plusMillis(100)));

        assertThat(hops.reportToOrderByWindow()).extracting(Percentiles::count).containsExactly(1L, 0L, 1L);
        assertThat(hops.reportToOrderByWindow().get(0).p99Millis()).isCloseTo(900, within(1.0));
        assertThat(hops.reportToOrderByWindow().get(2).p99Millis()).isCloseTo(100, within(0.1));
    }
}
