package io.inkflow.dispatcher.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SandboxFaultsTest {

    @Test
    void theFaultComesOnItsShareOfCallsOnly() {
        SandboxFaults half = new SandboxFaults(Duration.ZERO, Duration.ofSeconds(1), Fault.LOSE_RESPONSE, 0.5,
                new java.util.Random(42));
        long faulty = IntStream.range(0, 1_000).filter(i -> half.next() == Fault.LOSE_RESPONSE).count();
        assertThat(faulty).isBetween(400L, 600L);

        SandboxFaults always = new SandboxFaults(Duration.ZERO, Duration.ofSeconds(1), Fault.TIMEOUT, 1,
                RandomGenerator.getDefault());
        assertThat(IntStream.range(0, 100).mapToObj(i -> always.next())).containsOnly(Fault.TIMEOUT);
        SandboxFaults never = new SandboxFaults(Duration.ZERO, Duration.ofSeconds(1), Fault.TIMEOUT, 0,
                RandomGenerator.getDefault());
        assertThat(IntStream.range(0, 100).mapToObj(i -> never.next())).containsOnly(Fault.NONE);
    }

    @Test
    void aLatencyBeyondTheCallTimeoutIsATimeout() throws ProviderUnavailableException {
        SandboxFaults slow = new SandboxFaults(Duration.ofMillis(50), Duration.ofMillis(10), Fault.NONE, 0,
                RandomGenerator.getDefault());
        assertThatThrownBy(slow::await).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("timed out after 10 ms");
        long started = System.nanoTime();
        new SandboxFaults(Duration.ofMillis(30), Duration.ofSeconds(1), Fault.NONE, 0, RandomGenerator.getDefault())
                .await();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }
}
