package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.simulator.mqtt.MqttClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainOptionsTest {
    @Test
    void defaultsAreTheIssuesRisingRates() {
        ChainOptions options = ChainOptions.from(Map.of());

        assertThat(options.rates()).containsExactly(1000, 2000, 5000, 10000, 20000);
        assertThat(options.stepDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(120));
        assertThat(options.profile()).isFalse();
        assertThat(options.streamsCommitInterval()).as("the streams application's own default")
                .isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void theFleetHasEnoughPrintersForNoneToSendMoreThanTheGatewaysLimit() {
        assertThat(ChainOptions.from(Map.of()).printers()).as("20,000/s at 50 a printer").isEqualTo(400);
        assertThat(ChainOptions.from(Map.of(), "--rates", "1000,10000").printers()).isEqualTo(200);
        assertThat(ChainOptions.from(Map.of(), "--rates", "10001").printers()).isEqualTo(201);
        assertThat(ChainOptions.from(Map.of(), "--rates", "11000", "--printers", "220").printers()).isEqualTo(220);
        assertThatThrownBy(() -> ChainOptions.from(Map.of(), "--rates", "9000,11000", "--printers", "200"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("up to 11000 reports/s over 200 printers")
                .hasMessageContaining("GATEWAY_RATE_LIMIT_PER_SECOND")
                .hasMessageContaining("set BENCH_CHAIN_PRINTERS to at least 220");
    }

    @Test
    void theStreamsCommitIntervalIsAnOption() {
        assertThat(ChainOptions.from(Map.of(), "--commit-ms", "25").streamsCommitInterval())
                .isEqualTo(Duration.ofMillis(25));
        assertThatThrownBy(() -> ChainOptions.from(Map.of(), "--commit-ms", "0"))
                .hasMessageContaining("BENCH_CHAIN_COMMIT_MS");
    }

    @Test
    void theStreamThreadsAreAnOptionWithTheApplicationsOwnDefault() {
        assertThat(ChainOptions.from(Map.of()).streamsThreads()).isEqualTo(1);
        assertThat(ChainOptions.from(Map.of("BENCH_CHAIN_STREAM_THREADS", "2")).streamsThreads()).isEqualTo(2);
        assertThatThrownBy(() -> ChainOptions.from(Map.of(), "--stream-threads", "0"))
                .hasMessageContaining("BENCH_CHAIN_STREAM_THREADS");
    }

    @Test
    void theAutovacuumDelayIsAnOptionWithPostgresqlsOwnDefaultWithinItsBounds() {
        assertThat(ChainOptions.from(Map.of()).autovacuumDelay()).isEqualTo(Duration.ofMillis(2));
        assertThat(ChainOptions.from(Map.of("BENCH_CHAIN_AUTOVACUUM_DELAY_MS", "20")).autovacuumDelay())
                .isEqualTo(Duration.ofMillis(20));
        assertThat(ChainOptions.from(Map.of(), "--autovacuum-delay-ms", "0").autovacuumDelay()).isZero();
        assertThatThrownBy(() -> ChainOptions.from(Map.of(), "--autovacuum-delay-ms", "101"))
                .hasMessageContaining("BENCH_CHAIN_AUTOVACUUM_DELAY_MS");
        assertThatThrownBy(() -> ChainOptions.from(Map.of(), "--autovacuum-delay-ms", "-1"))
                .hasMessageContaining("BENCH_CHAIN_AUTOVACUUM_DELAY_MS");
    }

    @Test
    void theGatewaysLingerIsLeftToItsDefaultUnlessSetAndCheckedByTheGatewaysBounds() {
        assertThat(ChainOptions.from(Map.of()).gatewayLinger()).isEmpty();
        assertThat(ChainOptions.from(Map.of("BENCH_CHAIN_LINGER_MS", "0")).gatewayLinger())
                .contains(Duration.ZERO);
        assertThat(ChainOptions.from(Map.of(), "--linger-ms", "5").gatewayLinger())
                .contains(Duration.ofMillis(5));
        assertThatThrownBy(() -> ChainOptions.from(Map.of(), "--linger-ms", "1001"))
                .hasMessageContaining("BENCH_CHAIN_LINGER_MS");
    }

    @Test
    void aCommandLineOptionOverridesItsEnvironmentVariable() {
        ChainOptions options = ChainOptions.from(Map.of("BENCH_CHAIN_RATES", "100", "BENCH_CHAIN_PRINTERS", "20"),
                "--rates", "200, 500", "--seconds", "20", "--order-every", "4");

        assertThat(options.rates()).isEqualTo(List.of(200, 500));
        assertThat(options.stepDuration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.printers()).isEqualTo(20);
        assertThat(options.orderEvery()).isEqualTo(4);
    }

    @Test
    void theFleetRunsOnTheLightNettyClientUnlessPahoIsAskedFor() {
        assertThat(ChainOptions.from(Map.of()).client()).isEqualTo(MqttClient.NETTY);
        assertThat(ChainOptions.from(Map.of(), "--client", "paho").client()).isEqualTo(MqttClient.PAHO);
        assertThatThrownBy(() -> ChainOptions.from(Map.of(), "--client", "mosquitto"))
                .hasMessageContaining("BENCH_CHAIN_CLIENT").hasMessageContaining("[paho, netty]");
    }

    @Test
    void anUnknownOrBadOptionFailsWithItsName() {
        assertThatThrownBy(() -> ChainOptions.from(Map.of(), "--rate", "100")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> ChainOptions.from(Map.of(), "--rates", "0")).hasMessageContaining("BENCH_CHAIN_RATES");
        assertThatThrownBy(() -> ChainOptions.from(Map.of(), "--order-every", "1"))
                .hasMessageContaining("BENCH_CHAIN_ORDER_EVERY");
    }
}
