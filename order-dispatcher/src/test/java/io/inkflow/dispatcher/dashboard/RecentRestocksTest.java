package io.inkflow.dispatcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.dispatcher.order.OrderCommands.RestockResult;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentRestocksTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final RecentRestocks restocks = new RecentRestocks(clock);
    private final AtomicInteger calls = new AtomicInteger();

    private RestockResult restock() {
        return new RestockResult("SKU-1", calls.incrementAndGet() * 10, 1);
    }

    @Test
    void sameKeyAndRequestRunsOnceAndRepeatsTheAnswer() {
        var first = restocks.run("k1", "SKU-1\n10", this::restock);
        var second = restocks.run("k1", "SKU-1\n10", this::restock);

        assertThat(calls).hasValue(1);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void sameKeyWithAnotherRequestIsAConflict() {
        restocks.run("k1", "SKU-1\n10", this::restock);

        assertThat(restocks.run("k1", "SKU-1\n11", this::restock)).isInstanceOf(RecentRestocks.Outcome.Conflict.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void failedRestockMayBeRetriedWithTheSameKey() {
        assertThatThrownBy(() -> restocks.run("k1", "SKU-1\n10", () -> {
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(restocks.run("k1", "SKU-1\n10", this::restock)).isInstanceOf(RecentRestocks.Outcome.Done.class);
        assertThat(calls).hasValue(1);
    }
}
