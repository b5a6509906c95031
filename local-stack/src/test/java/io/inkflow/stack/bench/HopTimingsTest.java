package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HopTimingsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");

    @Test
    void splitsTheWayFromReportToCommittedRowIntoItsHops() {
        HopTimings hops = new HopTimings();
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
        HopTimings hops = new HopTimings();
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
        HopTimings hops = new HopTimings();
        hops.add(new HopTimings.Way(T0, at(7), at(6), at(10), at(11), at(12)));

        assertThat(hops.streamsProcessing().maxMillis()).isZero();
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }
}
