package io.inkflow.dispatcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.account.OrderRows;
import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.dispatcher.persistence.OrderFlowMinutes;
import io.inkflow.dispatcher.persistence.OrderStateCounts;
import io.inkflow.schemas.OrderState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's order flow against a real PostgreSQL: the last 60 seconds (kept whole minutes plus the events of
 * the partial one) and the hour per minute (kept minutes) equal a count of the events themselves, for every model
 * and for one, whether the window starts inside a minute or on its first instant, before and after a fold.
 */
class FlowQueriesIT {
    private static final String PIXMA = "pixma-ts8320";
    private static final String CLASS = "imageclass-mf644cdw";
    /** 20 s into a minute, so 60 s before it is 20 s into the minute before. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(20);

    private static TestDatabase db;

    @BeforeAll
    static void fill() throws SQLException {
        db = TestDatabase.start();
        OrderRows.numbered(1, 4)
                .with("order_id", "'ord-flow-' || n")
                .with("serial", "'KMFLOW-' || n")
                .with("model", "CASE WHEN n % 2 = 0 THEN '" + PIXMA + "' ELSE '" + CLASS + "' END")
                .with("account_id", "'acc-flow'")
                .insertInto(db.dataSource());
        Instant since = NOW.minus(Duration.ofMinutes(1));
        // around every edge of the window: before it, on its first instant, in the partial minute, on the first
        // whole minute's first instant, now, and a clock ahead's future; and two minutes back for the hour
        for (Instant at : List.of(since.minusMillis(1), since, since.plusSeconds(5), since.plusSeconds(40),
                NOW.truncatedTo(ChronoUnit.MINUTES), NOW.minusSeconds(1), NOW.plusSeconds(30),
                NOW.minus(Duration.ofMinutes(2)))) {
            insertEvents(at);
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void theLastSixtySecondsEqualTheEventsWhereverTheWindowStarts() throws Exception {
        List<Instant> windows = List.of(NOW.minus(Duration.ofMinutes(1)),
                NOW.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1)), NOW.minusSeconds(5));
        for (boolean folded : List.of(false, true)) {
            if (folded) {
                try (Connection c = db.dataSource().getConnection()) {
                    OrderFlowMinutes.fold(c, NOW);
                }
            }
            for (Instant since : windows) {
                for (List<String> models : Arrays.asList(null, List.of(CLASS))) {
                    try (Connection c = db.dataSource().getConnection()) {
                        assertThat(new FlowQueries(c, models).transitionsSince(since))
                                .as("since %s, models %s, folded %s", since, models, folded)
                                .isEqualTo(events(c, since, NOW.plus(Duration.ofDays(1)), models))
                                .containsKey(OrderState.PENDING);
                    }
                }
            }
        }
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(new FlowQueries(c, null).transitionsSince(NOW.minus(Duration.ofMinutes(1))))
                    .as("four orders at each of the six instants from since on (two of them the same)")
                    .containsEntry(OrderState.PENDING, 4L * 6);
        }
    }

    @Test
    void theHourPerMinuteEqualsTheEvents() throws Exception {
        Instant firstMinute = NOW.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(59));
        try (Connection c = db.dataSource().getConnection()) {
            for (List<String> models : Arrays.asList(null, List.of(PIXMA))) {
                List<Long> pending = new FlowQueries(c, models).transitionsPerMinute(firstMinute, 60)
                        .get(OrderState.PENDING);
                List<Long> truth = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    Instant from = firstMinute.plus(Duration.ofMinutes(i));
                    truth.add(events(c, from, from.plus(Duration.ofMinutes(1)), models).get(OrderState.PENDING));
                }
                assertThat(pending).as("models %s", models).isEqualTo(truth);
                assertThat(pending.stream().mapToLong(Long::longValue).sum())
                        .as("all eight instants are in the hour").isEqualTo(models == null ? 4L * 8 : 2L * 8);
            }
        }
    }

    /** The truth: the events from {@code from} to {@code to} (exclusive) counted by state, every state present. */
    private static Map<OrderState, Long> events(Connection c, Instant from, Instant to, List<String> models)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT e.to_state, count(*) FROM order_events e"
                + " JOIN orders o ON o.order_id = e.order_id WHERE (?::text[] IS NULL OR o.model = ANY(?::text[]))"
                + " AND e.occurred_at >= ? AND e.occurred_at < ? GROUP BY 1")) {
            bind(c, ps, models);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            return OrderStateCounts.read(ps);
        }
    }

    /** Binds the model filter as the query's first two parameters. */
    private static void bind(Connection c, PreparedStatement ps, List<String> models) throws SQLException {
        Array array = models == null ? null : c.createArrayOf("text", models.toArray());
        ps.setArray(1, array);
        ps.setArray(2, array);
    }

    /** One event for each of the four orders at {@code at}, in one statement. */
    private static void insertEvents(Instant at) {
        db.execute("INSERT INTO order_events (event_id, order_id, from_state, to_state, occurred_at)"
                + " SELECT gen_random_uuid(), order_id, NULL, 'PENDING', '" + at + "'::timestamptz FROM orders");
    }
}
