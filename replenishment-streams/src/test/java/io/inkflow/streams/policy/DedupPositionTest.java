package io.inkflow.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DedupPositionTest {
    private final DedupPosition at = new DedupPosition(3, 100);

    @Test
    void classifiesAgainstTheNewestAcceptedReport() {
        assertThat(DedupPosition.classify(null, 0, 0)).isEqualTo(Freshness.FIRST);
        assertThat(DedupPosition.classify(at, 3, 101)).isEqualTo(Freshness.NEWER);
        assertThat(DedupPosition.classify(at, 3, 100)).isEqualTo(Freshness.REPEAT);
        assertThat(DedupPosition.classify(at, 3, 99)).isEqualTo(Freshness.OUT_OF_ORDER);
        assertThat(DedupPosition.classify(at, 4, 1)).isEqualTo(Freshness.NEW_BOOT);
        assertThat(DedupPosition.classify(at, 2, 5000)).isEqualTo(Freshness.OLD_BOOT);
    }

    @Test
    void onlyFirstNewerAndNewBootAreAccepted() {
        assertThat(java.util.Arrays.stream(Freshness.values()).filter(Freshness::accepted))
                .containsExactly(Freshness.FIRST, Freshness.NEWER, Freshness.NEW_BOOT);
    }
}
