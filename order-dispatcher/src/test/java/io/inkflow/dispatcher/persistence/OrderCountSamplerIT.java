package io.inkflow.dispatcher.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.dispatcher.http.TestRows;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.schemas.OrderState;
import io.inkflow.schemas.Topics;
import io.inkflow.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order-count gauge against a real PostgreSQL: open states fresh at every sample, terminal states
 * recounted once per interval and held in between.
 */
class OrderCountSamplerIT {
    private static final Duration TERMINAL_INTERVAL = Duration.ofMinutes(5);
    private static final Instant START = Instant.parse("2026-12-03T12:00:00Z");
    private static final AtomicInteger IDS = new AtomicInteger();

    private static TestDatabase db;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DispatcherMetrics metrics = new DispatcherMetrics(registry);
    private final OrderStore orders = new OrderStore(new OrderEventLog(Topics.ORDER_EVENTS), metrics);
    private final MutableClock clock = new MutableClock(START);
    private final OrderCountSampler sampler = new OrderCountSampler(orders, metrics, clock, TERMINAL_INTERVAL);

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.start();
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    @BeforeEach
    void emptyOrders() {
        db.execute("TRUNCATE orders CASCADE");
    }

    @Test
    void firstSampleCountsEveryState() throws Exception {
        insert(OrderState.PENDING, 2);
        insert(OrderState.CHARGED, 1);
        insert(OrderState.SHIPPED, 3);
        insert(OrderState.CANCELLED, 1);

        sample();

        assertThat(gauges()).isEqualTo(counts(OrderState.PENDING, 2, OrderState.CHARGED, 1, OrderState.SHIPPED, 3,
                OrderState.CANCELLED, 1));
    }

    @Test
    void openStatesAreFreshAtEverySampleWhileTerminalStatesWaitForTheirInterval() throws Exception {
        insert(OrderState.PENDING, 2);
        String charged = insert(OrderState.CHARGED, 1);
        insert(OrderState.SHIPPED, 3);
        sample();

        insert(OrderState.PENDING, 1);
        insert(OrderState.BACKORDERED, 2);
        insert(OrderState.FORWARDED, 1);
        db.execute("UPDATE orders SET state = 'SHIPPED' WHERE order_id = '" + charged + "'");
        clock.advance(TERMINAL_INTERVAL.minusSeconds(1));
        sample();

        assertThat(gauges()).as("open states recounted, terminal ones as at the first sample")
                .isEqualTo(counts(OrderState.PENDING, 3, OrderState.BACKORDERED, 2, OrderState.SHIPPED, 3));

        clock.advance(Duration.ofSeconds(1));
        sample();

        assertThat(gauges()).as("terminal states recounted once the interval has passed")
                .isEqualTo(counts(OrderState.PENDING, 3, OrderState.BACKORDERED, 2, OrderState.SHIPPED, 4,
                        OrderState.FORWARDED, 1));
    }

    @Test
    void countOpenByStateLeavesEveryTerminalStateOut() throws Exception {
        for (OrderState state : OrderState.values()) {
            insert(state, 1);
        }

        try (Connection c = db.dataSource().getConnection()) {
            assertThat(orders.countOpenByState(c).keySet())
                    .containsExactlyInAnyOrder(Arrays.stream(OrderState.values()).filter(s -> !s.terminal())
                            .toArray(OrderState[]::new));
            assertThat(orders.countByState(c).keySet()).containsExactlyInAnyOrder(OrderState.values());
        }
    }

    private void sample() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            sampler.sample(c);
        }
    }

    private static String insert(OrderState state, int howMany) {
        String last = null;
        for (int i = 0; i < howMany; i++) {
            int id = IDS.incrementAndGet();
            last = "ord-count-" + id;
            TestRows.order(db, last, "KMCOUNT-" + id, "acc-count", "CLI-281 BK", state, START);
        }
        return last;
    }

    /** Every state's gauge, zeros included. */
    private Map<OrderState, Long> gauges() {
        Map<OrderState, Long> out = new EnumMap<>(OrderState.class);
        for (OrderState state : OrderState.values()) {
            out.put(state, (long) registry.get("dispatcher.orders.current").tag("state", state.name()).gauge()
                    .value());
        }
        return out;
    }

    /** Every state, zero unless given as state, count pairs. */
    private static Map<OrderState, Long> counts(Object... stateCountPairs) {
        Map<OrderState, Long> out = new EnumMap<>(OrderState.class);
        for (OrderState state : OrderState.values()) {
            out.put(state, 0L);
        }
        for (int i = 0; i < stateCountPairs.length; i += 2) {
            out.put((OrderState) stateCountPairs[i], ((Integer) stateCountPairs[i + 1]).longValue());
        }
        return out;
    }
}
