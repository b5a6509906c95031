package io.inkflow.dispatcher.persistence;

import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.schemas.Topics;
import io.inkflow.schemas.bench.MachineLoad;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the order-count gauge's two queries cost as the orders table grows: the whole table by state (the
 * terminal states' recount) and the open states only (every sample). Fills an embedded PostgreSQL with the
 * dispatcher's migrations with 1% pending, a quarter forwarded and the rest shipped orders, vacuums, and
 * times the best of five calls of each at every size. Not part of the build; run it alone on a quiet
 * machine with {@code ./mvnw -B -Dinkflow.target=target-bench -pl order-dispatcher -am verify
 * -Dit.test=OrderCountBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcount.orders=100000,1000000,3000000}.
 * Prints {@code COUNT ...} lines with the load average before and after, each query's plan, and the share
 * of each instance's time its gauge loop spends counting, before (the whole table every 5 s) and after
 * (open states every 5 s, the whole table every 5 min). The times are wall-clock: where PostgreSQL runs a
 * count with parallel workers, the CPU it uses is larger. Recorded in docs/benchmarks/order-dispatcher.md.
 */
@EnabledIfSystemProperty(named = "count.orders", matches = "\\d+(,\\d+)*")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class OrderCountBenchmark {
    private static final Logger log = LoggerFactory.getLogger(OrderCountBenchmark.class);
    private static final Duration SAMPLE = Duration.ofSeconds(5);
    private static final Duration TERMINAL_RECOUNT = Duration.ofMinutes(5);
    private static final int CALLS = 5;

    private interface Count {
        void run(Connection c) throws Exception;
    }

    @Test
    void gaugeQueriesAsTheTableGrows() throws Exception {
        MachineLoad before = MachineLoad.now();
        log.info("COUNT load average before [{}]{}", before, before.busy() ? " busy: not a result" : "");
        OrderStore orders = new OrderStore(new OrderEventLog(Topics.ORDER_EVENTS),
                new DispatcherMetrics(new SimpleMeterRegistry()));
        try (TestDatabase db = TestDatabase.start()) {
            long filled = 0;
            for (String size : System.getProperty("count.orders").split(",")) {
                long target = Long.parseLong(size);
                fill(db, filled, target);
                filled = Math.max(filled, target);
                db.execute("VACUUM ANALYZE orders");
                try (Connection c = db.dataSource().getConnection()) {
                    double whole = bestMillis(c, orders::countByState);
                    double open = bestMillis(c, orders::countOpenByState);
                    double samplesPerRecount = (double) TERMINAL_RECOUNT.toSeconds() / SAMPLE.toSeconds();
                    double beforeShare = whole / SAMPLE.toMillis();
                    double afterShare = (open * (samplesPerRecount - 1) + whole) / TERMINAL_RECOUNT.toMillis();
                    log.info(String.format(Locale.ROOT, "COUNT orders=%d wholeTableMs=%.1f openStatesMs=%.1f"
                            + " gaugeTimeShareBefore=%.3f%% gaugeTimeShareAfter=%.3f%%", filled, whole, open,
                            100 * beforeShare, 100 * afterShare));
                    log.info("COUNT plans [whole table: {}] [open states: {}]",
                            scans(c, OrderStore.COUNT_ALL_BY_STATE), scans(c, OrderStore.COUNT_OPEN_BY_STATE));
                }
            }
        }
        log.info("COUNT load average after [{}]", MachineLoad.now());
    }

    /** Adds orders numbered from {@code from} up to {@code to}: 1% pending, a quarter forwarded, the rest shipped. */
    private static void fill(TestDatabase db, long from, long to) {
        if (to <= from) {
            return;
        }
        db.execute("""
                INSERT INTO orders (order_id, serial, model, enrollment_id, account_id, channel, slot, sku,
                    depletion_cycle, trigger, remaining_percent, threshold_percent, report_sequence, state,
                    amount_cents, tracking_number, next_attempt_at, created_at, ingested_at, updated_at)
                SELECT 'ord-' || n, 'KMCOUNT-' || n, 'pixma-ts8320', 'enr-' || n, 'acc-' || (n %% 50000), 'CANON',
                    'BK', 'CLI-281 BK', 1, 'THRESHOLD', 10, 12, n,
                    CASE WHEN n %% 100 = 0 THEN 'PENDING' WHEN n %% 4 = 1 THEN 'FORWARDED' ELSE 'SHIPPED' END,
                    1799, 'TRK-' || n, now(), now() - interval '1 second' * n, now(), now()
                FROM generate_series(%d, %d) AS n""".formatted(from + 1, to));
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

    private static double bestMillis(Connection c, Count count) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            count.run(c);
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        return best;
    }
}
