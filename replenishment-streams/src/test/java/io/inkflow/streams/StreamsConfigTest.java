package io.inkflow.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsConfigTest {
    @Test
    void defaultsApplyWhenNothingIsSet() {
        StreamsConfig config = StreamsConfig.fromEnv(Map.of());
        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.applicationId()).isEqualTo("inkflow-replenishment");
        assertThat(config.commitIntervalMs()).isEqualTo(50);
        assertThat(config.numThreads()).isEqualTo(1);
        assertThat(config.numStandbyReplicas()).isZero();
        assertThat(config.httpPort()).isEqualTo(8082);
        assertThat(config.policy().leadTimeBusinessDays()).isEqualTo(7);
        assertThat(config.policy().safetyMarginBusinessDays()).isEqualTo(2);
        assertThat(config.policy().rearmMarginPercent()).isEqualTo(20);
        assertThat(config.policy().staleAfter()).isEqualTo(Duration.ofDays(3));
        assertThat(config.policy().forecastEnabled()).isTrue();
        assertThat(config.policy().consolidationWindowBusinessDays()).isEqualTo(9); // lead time + safety margin
    }

    @Test
    void theConsolidationWindowFollowsLeadTimeAndMarginUnlessSetAndZeroTurnsItOff() {
        assertThat(StreamsConfig.fromEnv(Map.of("STREAMS_LEAD_TIME_BUSINESS_DAYS", "4"))
                .policy().consolidationWindowBusinessDays()).isEqualTo(6);
        assertThat(StreamsConfig.fromEnv(Map.of("STREAMS_CONSOLIDATION_WINDOW_BUSINESS_DAYS", "3"))
                .policy().consolidationHorizonBusinessDays()).isEqualTo(12);
        assertThat(StreamsConfig.fromEnv(Map.of("STREAMS_CONSOLIDATION_WINDOW_BUSINESS_DAYS", "0"))
                .policy().consolidating()).isFalse();
    }

    @Test
    void readsEveryVariable() {
        StreamsConfig config = StreamsConfig.fromEnv(Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092"),
                Map.entry("STREAMS_APPLICATION_ID", "app-2"),
                Map.entry("STREAMS_STATE_DIR", "/var/lib/streams"),
                Map.entry("STREAMS_COMMIT_INTERVAL_MS", "250"),
                Map.entry("STREAMS_NUM_THREADS", "4"),
                Map.entry("STREAMS_NUM_STANDBY_REPLICAS", "1"),
                Map.entry("STREAMS_REPLICATION_FACTOR", "3"),
                Map.entry("STREAMS_SESSION_TIMEOUT_MS", "10000"),
                Map.entry("STREAMS_HTTP_PORT", "0"),
                Map.entry("STREAMS_LEAD_TIME_BUSINESS_DAYS", "5"),
                Map.entry("STREAMS_SAFETY_MARGIN_BUSINESS_DAYS", "1"),
                Map.entry("STREAMS_REARM_MARGIN_PERCENT", "30"),
                Map.entry("STREAMS_STALE_DAYS", "7"),
                Map.entry("STREAMS_STALE_CHECK_INTERVAL_MS", "60000"),
                Map.entry("STREAMS_FORECAST_ENABLED", "false"),
                Map.entry("STREAMS_FORECAST_MIN_SAMPLES", "4"),
                Map.entry("STREAMS_FORECAST_MIN_HISTORY_HOURS", "48")));
        assertThat(config.numThreads()).isEqualTo(4);
        assertThat(config.replicationFactor()).isEqualTo(3);
        assertThat(config.stateDir().toString()).isEqualTo("/var/lib/streams");
        assertThat(config.policy().forecastHorizonBusinessDays()).isEqualTo(6);
        assertThat(config.policy().forecastMinSpan()).isEqualTo(Duration.ofHours(48));
        assertThat(config.staleCheckInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void badValuesFailWithTheVariableName() {
        assertThatThrownBy(() -> StreamsConfig.fromEnv(Map.of("STREAMS_NUM_THREADS", "many")))
                .hasMessageContaining("STREAMS_NUM_THREADS");
        assertThatThrownBy(() -> StreamsConfig.fromEnv(Map.of("STREAMS_NUM_THREADS", "0")))
                .hasMessageContaining("STREAMS_NUM_THREADS");
        assertThatThrownBy(() -> StreamsConfig.fromEnv(Map.of("STREAMS_REARM_MARGIN_PERCENT", "0")))
                .hasMessageContaining("STREAMS_REARM_MARGIN_PERCENT");
        assertThatThrownBy(() -> StreamsConfig.fromEnv(Map.of("STREAMS_FORECAST_ENABLED", "yes")))
                .hasMessageContaining("STREAMS_FORECAST_ENABLED");
        assertThatThrownBy(() -> StreamsConfig.fromEnv(Map.of("STREAMS_CONSOLIDATION_WINDOW_BUSINESS_DAYS", "-2")))
                .hasMessageContaining("STREAMS_CONSOLIDATION_WINDOW_BUSINESS_DAYS");
        assertThatThrownBy(() -> StreamsConfig.fromEnv(Map.of("STREAMS_HTTP_PORT", "70000")))
                .hasMessageContaining("STREAMS_HTTP_PORT");
        assertThatThrownBy(() -> StreamsConfig.fromEnv(Map.of("STREAMS_SESSION_TIMEOUT_MS", "1000")))
                .hasMessageContaining("STREAMS_SESSION_TIMEOUT_MS");
    }
}
