package io.inkflow.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.schemas.SupplyLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPolicyTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private final StatusPolicy policy = new StatusPolicy(Duration.ofMinutes(1), Duration.ofHours(1));
    private final StatusPolicy.Mark published = new StatusPolicy.Mark("enr-1", T0, 42);

    @Test
    void firstReportOfAPrinterOrOfANewEnrollmentIsAlwaysPublished() {
        assertThat(policy.due(null, "enr-1", 42, T0)).isTrue();
        assertThat(policy.due(published, "enr-2", 42, T0.plusSeconds(1))).isTrue();
        assertThat(policy.due(published, null, 42, T0.plusSeconds(1))).isTrue();
    }

    @Test
    void unchangedLevelsWaitForTheHeartbeat() {
        assertThat(policy.due(published, "enr-1", 42, T0.plus(Duration.ofMinutes(59)))).isFalse();
        assertThat(policy.due(published, "enr-1", 42, T0.plus(Duration.ofHours(1)))).isTrue();
    }

    @Test
    void changedLevelsArePublishedAtMostOncePerMinimumInterval() {
        assertThat(policy.due(published, "enr-1", 43, T0.plusSeconds(59))).isFalse();
        assertThat(policy.due(published, "enr-1", 43, T0.plusSeconds(60))).isTrue();
    }

    @Test
    void fingerprintIgnoresSlotOrderButSeesLevelGenuineAndCartridge() {
        SupplyLevel black = new SupplyLevel("K", "057", "black", 40, true, "K-1");
        SupplyLevel cyan = new SupplyLevel("C", "C-sku", "cyan", 70, true, "C-1");
        long fingerprint = StatusPolicy.fingerprint(List.of(black, cyan));

        assertThat(StatusPolicy.fingerprint(List.of(cyan, black))).isEqualTo(fingerprint);
        assertThat(StatusPolicy.fingerprint(List.of(black, new SupplyLevel("C", "C-sku", "cyan", 69, true, "C-1"))))
                .isNotEqualTo(fingerprint);
        assertThat(StatusPolicy.fingerprint(List.of(black, new SupplyLevel("C", "C-sku", "cyan", 70, false, "C-1"))))
                .isNotEqualTo(fingerprint);
        assertThat(StatusPolicy.fingerprint(List.of(black, new SupplyLevel("C", "C-sku", "cyan", 70, true, "C-2"))))
                .isNotEqualTo(fingerprint);
    }

    @Test
    void heartbeatShorterThanTheIntervalIsRefused() {
        assertThatThrownBy(() -> new StatusPolicy(Duration.ofHours(2), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
