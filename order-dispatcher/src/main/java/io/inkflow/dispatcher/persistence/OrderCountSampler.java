package io.inkflow.dispatcher.persistence;

import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Sets {@code dispatcher.orders.current} from the database. The open states are counted at every sample
 * through {@code orders_state_idx}, at a cost that grows with the open orders rather than the table (2.6 ms
 * at 3 million orders; docs/benchmarks/order-dispatcher.md). Counting the terminal states reads the whole
 * table, which only grows (150 to 160 ms at 3 million orders), so they are recounted once per
 * {@code terminalInterval} and their last counts are reported in between: at most that old, and never too
 * high, since an order never leaves a terminal state.
 *
 * <p>Called from one thread, the dispatcher's gauge loop.
 */
public final class OrderCountSampler {
    private final OrderStore orders;
    private final DispatcherMetrics metrics;
    private final Clock clock;
    private final Duration terminalInterval;
    private final Map<OrderState, Long> terminal = new EnumMap<>(OrderState.class);
    private Instant terminalCountedAt;

    public OrderCountSampler(OrderStore orders, DispatcherMetrics metrics, Clock clock, Duration terminalInterval) {
        this.orders = orders;
        this.metrics = metrics;
        this.clock = clock;
        this.terminalInterval = terminalInterval;
    }

    public void sample(Connection c) throws SQLException {
        Instant now = clock.instant();
        Map<OrderState, Long> counts;
        if (terminalCountedAt == null || !now.isBefore(terminalCountedAt.plus(terminalInterval))) {
            counts = orders.countByState(c);
            terminal.clear();
            counts.forEach((state, count) -> {
                if (state.terminal()) {
                    terminal.put(state, count);
                }
            });
            terminalCountedAt = now;
        } else {
            counts = orders.countOpenByState(c);
            counts.putAll(terminal);
        }
        metrics.sampleOrdersByState(counts);
    }
}
