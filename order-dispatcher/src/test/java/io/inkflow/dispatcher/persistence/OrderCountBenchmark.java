package io.inkflow.dispatcher.persistence;

import static io.inkflow.dispatcher.BenchmarkHarness.bestMillis;

import io.inkflow.dispatcher.BenchmarkHarness;
import io.inkflow.dispatcher.account.OrderRows;
import io.inkflow.dispatcher.account.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What counting orders by state costs as the orders table grows, and what keeping the counts costs the writes.
 * Fills an embedded PostgreSQL with the dispatcher's migrations with 1% pending, a quarter forwarded and the
 * rest shipped orders, vacuums, and at every size times the best of five calls of:
 * <ul>
 *   <li>the whole table counted by state (the gauge every 5 s and the dashboard's totals every 2 s per filter
 *       before migration V50);</li>
 *   <li>{@link OrderStateCounts#byState} after a fold (what the gauge and the dashboard read now), and
 *       {@link OrderStateCounts#fold} with the rows of {@value #PENDING_CHANGES} state changes waiting;</li>
 * </ul>
 * then the time of state-changing updates of one order and of {@value #BATCH} orders a statement (the
 * fulfilment's batches), with the counting trigger on and off, in alternating rounds. Not part of the build;
 * run it alone on a quiet machine with {@code ./mvnw -B -Dinkflow.target=target-bench -pl order-dispatcher -am
 * verify -Dit.test=OrderCountBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcount.orders=100000,1000000,3000000}. Prints {@code COUNT ...}
 * lines with the load average before and after and each count's plan. The times are wall-clock: where
 * PostgreSQL counts with parallel workers, the CPU it uses is larger. Recorded in
 * docs/benchmarks/order-dispatcher.md.
 */
@EnabledIfSystemProperty(named = "count.orders", matches = "\\d+(,\\d+)*")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class OrderCountBenchmark {
    private static final Logger log = LoggerFactory.getLogger(OrderCountBenchmark.class);
    private static final String COUNT_TABLE_BY_STATE = "SELECT state, count(*) FROM orders GROUP BY state";
    private static final int PENDING_CHANGES = 1_000;
    private static final int BATCH = 50;
    private static final int UPDATES_PER_ROUND = 2_000;
    private static final int ROUNDS = 4;

    @Test
    void countsAsTheTableGrows() throws Exception {
        BenchmarkHarness.logLoadBefore(log, "COUNT");
        try (TestDatabase db = TestDatabase.start()) {
            long filled = 0;
            for (String size : System.getProperty("count.orders").split(",")) {
                long target = Long.parseLong(size);
                fill(db, filled, target);
                filled = Math.max(filled, target);
                db.execute("VACUUM ANALYZE orders");
                try (Connection c = db.dataSource().getConnection()) {
                    double whole = bestMillis(c, x -> query(x, COUNT_TABLE_BY_STATE));
                    OrderStateCounts.fold(c);
                    double kept = bestMillis(c, x -> OrderStateCounts.byState(x, null));
                    changeStates(c, filled, PENDING_CHANGES, 1, ThreadLocalRandom.current());
                    long start = System.nanoTime();
                    OrderStateCounts.fold(c);
                    double fold = (System.nanoTime() - start) / 1e6;
                    log.info(String.format(Locale.ROOT, "COUNT orders=%d wholeTableMs=%.1f keptCountsMs=%.2f"
                            + " foldAfter%dChangesMs=%.2f", filled, whole, kept, PENDING_CHANGES, fold));
                    log.info("COUNT plan of the whole table's count [{}]", scans(c, COUNT_TABLE_BY_STATE));
                    logWriteCost(c, filled, 1);
                    logWriteCost(c, filled, BATCH);
                }
            }
        }
        BenchmarkHarness.logLoadAfter(log, "COUNT");
    }

    /** Microseconds per order updated, trigger on and off in alternating rounds; the median round of each. */
    private static void logWriteCost(Connection c, long filled, int batch) throws SQLException {
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        Random random = new Random(batch);
        try (Statement s = c.createStatement()) {
            for (int round = 0; round < ROUNDS; round++) {
                on.add(changeStates(c, filled, UPDATES_PER_ROUND, batch, random));
                s.execute("ALTER TABLE orders DISABLE TRIGGER order_state_counts_on_update");
                off.add(changeStates(c, filled, UPDATES_PER_ROUND, batch, random));
                s.execute("ALTER TABLE orders ENABLE TRIGGER order_state_counts_on_update");
                OrderStateCounts.fold(c);
            }
            // the rounds without the trigger changed states uncounted: count them again from the table
            s.execute("TRUNCATE order_state_counts");
            s.execute("INSERT INTO order_state_counts SELECT model, state, count(*) FROM orders GROUP BY 1, 2");
        }
        on.sort(null);
        off.sort(null);
        log.info(String.format(Locale.ROOT, "COUNT orders=%d ordersPerUpdate=%d usPerOrderTriggerOn=%.1f"
                + " usPerOrderTriggerOff=%.1f rounds=%s/%s", filled, batch, on.get(ROUNDS / 2),
                off.get(ROUNDS / 2), on, off));
    }

    /**
     * Moves {@code orders} random shipped or forwarded orders to the other of the two states, {@code batch} a
     * statement, each statement its own transaction; returns the microseconds per order.
     */
    private static double changeStates(Connection c, long filled, int orders, int batch, Random random)
            throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE orders SET state = CASE state WHEN 'SHIPPED' THEN 'FORWARDED' ELSE 'SHIPPED' END,
                                  updated_at = now()
                WHERE order_id = ANY (?) AND state IN ('SHIPPED', 'FORWARDED')""")) {
            for (int done = 0; done < orders; done += batch) {
                Object[] ids = new Object[batch];
                for (int i = 0; i < batch; i++) {
                    ids[i] = "ord-" + (1 + random.nextLong(filled));
                }
                ps.setArray(1, c.createArrayOf("text", ids));
                ps.executeUpdate();
            }
        }
        return (System.nanoTime() - start) / 1e3 / orders;
    }

    private static void query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getLong(2);
            }
        }
    }

    /** Adds orders numbered from {@code from} up to {@code to}: 1% pending, a quarter forwarded, the rest shipped. */
    private static void fill(TestDatabase db, long from, long to) throws SQLException {
        if (to <= from) {
            return;
        }
        OrderRows.numbered(from + 1, to)
                .with("serial", "'KMCOUNT-' || n")
                .with("enrollment_id", "'enr-' || n")
                .with("account_id", "'acc-' || (n % 50000)")
                .with("state", "CASE WHEN n % 100 = 0 THEN 'PENDING' WHEN n % 4 = 1 THEN 'FORWARDED'"
                        + " ELSE 'SHIPPED' END")
                .with("amount_cents", "1799")
                .with("tracking_number", "'TRK-' || n")
                .with("created_at", "now() - interval '1 second' * n")
                .insertInto(db.dataSource());
    }

    /** The plan's scan nodes, to show which index (if any) the count read. */
    private static String scans(Connection c, String sql) throws SQLException {
        List<String> scans = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet plan = s.executeQuery("EXPLAIN " + sql)) {
            while (plan.next()) {
                String line = plan.getString(1).replaceFirst("^[\\s>-]+", "");
                if (line.contains("Scan")) {
                    scans.add(line.replaceFirst("\\s+\\(cost=.*", ""));
                }
            }
        }
        return String.join("; ", scans);
    }
}
