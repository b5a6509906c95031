package io.inkflow.dispatcher.dashboard;

import static io.inkflow.dispatcher.BenchmarkHarness.bestMillis;

import io.inkflow.dispatcher.BenchmarkHarness;
import io.inkflow.dispatcher.account.OrderRows;
import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.dispatcher.persistence.OrderFlowMinutes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dashboard's order flow costs each push as the last hour's transitions grow, and what keeping it per
 * minute costs the writes. Fills an embedded PostgreSQL with the dispatcher's migrations with orders created over
 * the last hour, three transitions each (created, charged, shipped), so that the hour holds the given number of
 * {@code order_events}; vacuums; and at every size, for every model and for one model's filter, times the best of
 * five calls of:
 * <ul>
 *   <li>the hour's events joined to their orders, counted per minute and state (what every push and every
 *       {@code GET /api/v1/order-flow} read before migration V51);</li>
 *   <li>{@link FlowQueries#transitionsPerMinute} after a fold (the kept minutes, what they read now), and
 *       {@link FlowQueries#transitionsSince} (the sliding last 60 seconds: the kept whole minutes, and the events
 *       of the part of its first minute inside the window, whose length is printed);</li>
 *   <li>a whole minute of events under the one-model filter, joined to their orders and with each event's model
 *       looked up by primary key, to compare the two ways of reading the filter;</li>
 * </ul>
 * then {@link OrderFlowMinutes#fold} with {@value #PENDING_EVENTS} events written since the last, and the time of
 * event inserts of one event and of {@value #BATCH} a statement (the dispatcher's batches), with the per-minute
 * trigger on and off, in alternating rounds. About 12,000 events an hour is the fleet of docs/operations.md; about
 * a million is the chain benchmark at 1,000 reports/s. Not part of the build; run it alone on a quiet machine with
 * {@code ./mvnw -B -Dinkflow.target=target-bench -pl order-dispatcher -am verify -Dit.test=FlowMinutesBenchmark
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dflow.events=12000,300000,1000000}. Prints {@code FLOW ...} lines with the load average before and after.
 * Recorded in docs/benchmarks/order-dispatcher.md.
 */
@EnabledIfSystemProperty(named = "flow.events", matches = "\\d+(,\\d+)*")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class FlowMinutesBenchmark {
    private static final Logger log = LoggerFactory.getLogger(FlowMinutesBenchmark.class);
    /** The per-minute flow as V50's dispatcher read it: the hour's events, each joined to its order. */
    private static final String HOUR_OF_EVENTS = "SELECT e.to_state,"
            + " floor(extract(epoch FROM e.occurred_at) / 60)::bigint AS minute, count(*)"
            + " FROM order_events e JOIN orders o ON o.order_id = e.order_id"
            + " WHERE e.occurred_at >= ? AND (?::text[] IS NULL OR o.model = ANY(?::text[])) GROUP BY 1, 2";
    /** A minute of events under a model filter, each joined to its order (the planner picks how). */
    private static final String MINUTE_JOINED = "SELECT e.to_state, count(*) FROM order_events e"
            + " JOIN orders o ON o.order_id = e.order_id"
            + " WHERE e.occurred_at >= ? AND e.occurred_at < ? AND o.model = ANY(?::text[]) GROUP BY 1";
    /** The same with each event's model looked up by the orders' primary key, one event at a time. */
    private static final String MINUTE_LOOKED_UP = "SELECT e.to_state, count(*) FROM order_events e"
            + " WHERE e.occurred_at >= ? AND e.occurred_at < ?"
            + " AND (SELECT o.model FROM orders o WHERE o.order_id = e.order_id) = ANY(?::text[]) GROUP BY 1";
    private static final int EVENTS_PER_ORDER = 3;
    private static final int PENDING_EVENTS = 1_000;
    private static final int BATCH = 25;
    private static final int EVENTS_PER_ROUND = 2_000;
    private static final int ROUNDS = 4;
    private static final List<String> ONE_MODEL = List.of("pixma-ts8320");

    @Test
    void flowAsTheHourGrows() throws Exception {
        BenchmarkHarness.logLoadBefore(log, "FLOW");
        try (TestDatabase db = TestDatabase.start()) {
            long orders = 0;
            for (String size : System.getProperty("flow.events").split(",")) {
                long target = Long.parseLong(size) / EVENTS_PER_ORDER;
                fill(db, orders, target);
                orders = Math.max(orders, target);
                db.execute("VACUUM ANALYZE orders");
                db.execute("VACUUM ANALYZE order_events");
                try (Connection c = db.dataSource().getConnection()) {
                    OrderFlowMinutes.fold(c, Instant.now());
                    db.execute("VACUUM ANALYZE order_flow_minutes");
                    Instant now = Instant.now();
                    Instant firstMinute = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(59));
                    for (List<String> models : Arrays.asList(null, ONE_MODEL)) {
                        FlowQueries q = new FlowQueries(c, models);
                        double hour = bestMillis(c, x -> hourOfEvents(x, firstMinute, models));
                        double kept = bestMillis(c, x -> q.transitionsPerMinute(firstMinute, 60));
                        double lastMinute = bestMillis(c, x -> q.transitionsSince(now.minus(Duration.ofMinutes(1))));
                        // the last 60 s read the events of the part of since's minute after since only
                        long partial = (60 - now.minus(Duration.ofMinutes(1)).getEpochSecond() % 60) % 60;
                        log.info(String.format(Locale.ROOT, "FLOW eventsInTheHour=%d filter=%s hourOfEventsMs=%.1f"
                                + " keptMinutesMs=%.2f lastMinuteMs=%.1f (events of the last %d s of its first"
                                + " minute)", orders * EVENTS_PER_ORDER, models == null ? "all" : "one-model", hour,
                                kept, lastMinute, partial));
                    }
                    Instant minuteAgo = now.minus(Duration.ofMinutes(1));
                    double joined = bestMillis(c, x -> minuteOfEvents(x, MINUTE_JOINED, minuteAgo, now));
                    double lookedUp = bestMillis(c, x -> minuteOfEvents(x, MINUTE_LOOKED_UP, minuteAgo, now));
                    log.info(String.format(Locale.ROOT, "FLOW eventsInTheHour=%d wholeMinuteOneModelJoinedMs=%.1f"
                            + " lookedUpMs=%.1f", orders * EVENTS_PER_ORDER, joined, lookedUp));
                    writeEvents(c, orders, PENDING_EVENTS, BATCH, new Random(1));
                    long start = System.nanoTime();
                    OrderFlowMinutes.fold(c, Instant.now());
                    double fold = (System.nanoTime() - start) / 1e6;
                    log.info(String.format(Locale.ROOT, "FLOW eventsInTheHour=%d foldAfter%dEventsMs=%.2f"
                            + " rowsAfterFold=%d", orders * EVENTS_PER_ORDER, PENDING_EVENTS, fold,
                            db.queryLong("SELECT count(*) FROM order_flow_minutes")));
                    logWriteCost(c, orders, 1);
                    logWriteCost(c, orders, BATCH);
                }
            }
        }
        BenchmarkHarness.logLoadAfter(log, "FLOW");
    }

    private static void hourOfEvents(Connection c, Instant firstMinute, List<String> models) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HOUR_OF_EVENTS)) {
            ps.setTimestamp(1, Timestamp.from(firstMinute));
            Array array = models == null ? null : c.createArrayOf("text", models.toArray());
            ps.setArray(2, array);
            ps.setArray(3, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(3);
                }
            }
        }
    }

    private static void minuteOfEvents(Connection c, String sql, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setArray(3, c.createArrayOf("text", ONE_MODEL.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(2);
                }
            }
        }
    }

    /** Microseconds per event inserted, trigger on and off in alternating rounds; the median round of each. */
    private static void logWriteCost(Connection c, long orders, int batch) throws SQLException {
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        Random random = new Random(batch);
        try (Statement s = c.createStatement()) {
            for (int round = 0; round < ROUNDS; round++) {
                on.add(writeEvents(c, orders, EVENTS_PER_ROUND, batch, random));
                s.execute("ALTER TABLE order_events DISABLE TRIGGER order_flow_minutes_on_insert");
                off.add(writeEvents(c, orders, EVENTS_PER_ROUND, batch, random));
                s.execute("ALTER TABLE order_events ENABLE TRIGGER order_flow_minutes_on_insert");
                OrderFlowMinutes.fold(c, Instant.now());
            }
            // the rounds without the trigger wrote events uncounted: count the kept minutes again from the events
            s.execute("TRUNCATE order_flow_minutes");
            s.execute("""
                    INSERT INTO order_flow_minutes (minute, model, state, entered, created)
                    SELECT floor(extract(epoch FROM e.occurred_at) / 60)::bigint, o.model, e.to_state, count(*),
                           count(*) FILTER (WHERE e.from_state IS NULL)
                    FROM order_events e JOIN orders o ON o.order_id = e.order_id
                    WHERE e.occurred_at >= now() - interval '2 hours' GROUP BY 1, 2, 3""");
        }
        on.sort(null);
        off.sort(null);
        log.info(String.format(Locale.ROOT, "FLOW orders=%d eventsPerInsert=%d usPerEventTriggerOn=%.1f"
                + " usPerEventTriggerOff=%.1f rounds=%s/%s", orders, batch, on.get(ROUNDS / 2), off.get(ROUNDS / 2),
                on, off));
    }

    /**
     * Inserts {@code events} transitions of random orders, now, {@code batch} a statement, each statement its own
     * transaction; returns the microseconds per event.
     */
    private static double writeEvents(Connection c, long orders, int events, int batch, Random random)
            throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO order_events (event_id, order_id, from_state, to_state, occurred_at)
                SELECT gen_random_uuid(), id, 'SHIPPED', 'SHIPPED', now() FROM unnest(?::text[]) AS id""")) {
            for (int done = 0; done < events; done += batch) {
                Object[] ids = new Object[batch];
                for (int i = 0; i < batch; i++) {
                    ids[i] = "ord-" + (1 + random.nextLong(orders));
                }
                ps.setArray(1, c.createArrayOf("text", ids));
                ps.executeUpdate();
            }
        }
        return (System.nanoTime() - start) / 1e3 / events;
    }

    /**
     * Adds orders numbered from {@code from} up to {@code to}, created evenly over the hour before a fill
     * (whatever the sizes before it), with their three transitions a second apart. Half are one model, so a
     * one-model filter keeps half the events.
     */
    private static void fill(TestDatabase db, long from, long to) throws SQLException {
        if (to <= from) {
            return;
        }
        OrderRows.numbered(from + 1, to)
                .with("serial", "'KMFLOW-' || n")
                .with("model", "CASE WHEN n % 2 = 0 THEN 'pixma-ts8320' ELSE 'pixma-g620' END")
                .with("enrollment_id", "'enr-' || n")
                .with("account_id", "'acc-' || (n % 50000)")
                .with("state", "'SHIPPED'")
                .with("amount_cents", "1799")
                .with("tracking_number", "'TRK-' || n")
                .with("created_at",
                        "now() - interval '3 seconds' - interval '1 millisecond' * ((n::bigint * 7919) % 3590000)")
                .insertInto(db.dataSource());
        db.execute("""
                INSERT INTO order_events (event_id, order_id, from_state, to_state, occurred_at)
                SELECT gen_random_uuid(), o.order_id, t.from_state, t.to_state,
                    o.created_at + interval '1 second' * t.step
                FROM orders o
                CROSS JOIN (VALUES (0, NULL, 'PENDING'), (1, 'PENDING', 'CHARGED'), (2, 'CHARGED', 'SHIPPED'))
                    AS t (step, from_state, to_state)
                WHERE o.serial LIKE 'KMFLOW-%%' AND o.report_sequence BETWEEN %d AND %d""".formatted(from + 1, to));
    }
}
