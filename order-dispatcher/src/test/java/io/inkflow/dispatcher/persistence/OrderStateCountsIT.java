package io.inkflow.dispatcher.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.account.OrderRows;
import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.schemas.OrderState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kept order counts ({@code order_state_counts}, migration V50) against a real PostgreSQL: after every
 * kind of write to the orders table they equal a count of the table, for every model and for one, and folding
 * them, alone or beside writers and another folder, loses and doubles nothing.
 */
class OrderStateCountsIT {
    private static final String PIXMA = "pixma-ts8320";
    private static final String CLASS = "imageclass-mf644cdw";

    private static TestDatabase db;

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
    void countsFollowEveryKindOfWriteToOrders() throws Exception {
        List<String> pending = OrderRows.insert(db.dataSource(), PIXMA, OrderState.PENDING, 5);
        OrderRows.insert(db.dataSource(), CLASS, OrderState.PENDING, 3);
        OrderRows.insert(db.dataSource(), CLASS, OrderState.SHIPPED, 2);
        assertCountsMatchTheTable("inserted");

        db.execute("UPDATE orders SET state = 'CHARGED' WHERE order_id IN ('" + pending.get(0) + "', '"
                + pending.get(1) + "')");
        assertCountsMatchTheTable("two orders charged in one statement");

        long rowsBefore = rows();
        db.execute("UPDATE orders SET lease_owner = 'someone', state = state WHERE model = '" + CLASS + "'");
        assertCountsMatchTheTable("an update that changes no state");
        assertThat(rows()).as("an update that changes no state adds no row").isEqualTo(rowsBefore);

        db.execute("UPDATE orders SET state = CASE WHEN state = 'CHARGED' THEN 'SHIPPED' ELSE 'BACKORDERED' END"
                + " WHERE model = '" + PIXMA + "'");
        assertCountsMatchTheTable("one statement moving orders from and into several states");

        db.execute("DELETE FROM orders WHERE order_id = '" + pending.get(4) + "'");
        assertCountsMatchTheTable("an order deleted");

        db.execute("INSERT INTO orders SELECT * FROM orders WHERE order_id = '" + pending.get(3) + "'"
                + " ON CONFLICT DO NOTHING");
        assertCountsMatchTheTable("a duplicate insert that inserted nothing");

        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE orders SET state = 'CANCELLED'");
            }
            c.rollback();
        }
        assertCountsMatchTheTable("an update rolled back");
        assertThat(OrderStateCounts.byState(db.dataSource().getConnection(), null).get(OrderState.CANCELLED))
                .isZero();
    }

    @Test
    void foldingLeavesOneRowPerModelAndStateAndTheSameCountsAndFoldedRowsAlone() throws Exception {
        OrderRows.insert(db.dataSource(), PIXMA, OrderState.PENDING, 4);
        OrderRows.insert(db.dataSource(), PIXMA, OrderState.PENDING, 2);
        OrderRows.insert(db.dataSource(), CLASS, OrderState.CHARGED, 1);
        db.execute("UPDATE orders SET state = 'SHIPPED' WHERE model = '" + CLASS + "'");
        assertThat(rows()).isEqualTo(5);

        try (Connection c = db.dataSource().getConnection()) {
            OrderStateCounts.fold(c);
        }

        assertThat(rows()).as("PIXMA pending and imageCLASS shipped; imageCLASS charged netted to zero")
                .isEqualTo(2);
        assertCountsMatchTheTable("folded");
        String versions = db.rowVersions("order_state_counts", "model, state");
        try (Connection c = db.dataSource().getConnection()) {
            OrderStateCounts.fold(c);
        }
        assertThat(db.rowVersions("order_state_counts", "model, state"))
                .as("a fold with nothing new rewrites no row").isEqualTo(versions);
    }

    @Test
    void truncatingOrdersEmptiesTheCounts() throws Exception {
        OrderRows.insert(db.dataSource(), PIXMA, OrderState.PENDING, 3);

        db.execute("TRUNCATE orders CASCADE");

        assertThat(rows()).isZero();
        assertCountsMatchTheTable("truncated");
    }

    @Test
    void writersAndTwoFoldersAtOnceLoseAndDoubleNothing() throws Exception {
        List<String> ids = new ArrayList<>(OrderRows.insert(db.dataSource(), PIXMA, OrderState.PENDING, 200));
        ids.addAll(OrderRows.insert(db.dataSource(), CLASS, OrderState.PENDING, 200));
        WritersAndFolders.Done done = WritersAndFolders.run(3, () -> moveSomeOrders(ids),
                2, OrderStateCountsIT::foldCounts, Duration.ofSeconds(3));

        assertThat(done.writes()).as("transactions that moved orders").isGreaterThan(50);
        assertThat(done.folds()).as("folds").isGreaterThan(20);
        assertCountsMatchTheTable("after " + done.writes() + " writes and " + done.folds() + " folds");
    }

    @Test
    void theSamplerSetsTheGaugeToTheCountsAtEverySample() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OrderCountSampler sampler = new OrderCountSampler(new DispatcherMetrics(registry));
        OrderRows.insert(db.dataSource(), PIXMA, OrderState.PENDING, 2);
        OrderRows.insert(db.dataSource(), CLASS, OrderState.FORWARDED, 1);
        sample(sampler);
        assertThat(gauges(registry)).isEqualTo(table(null));

        db.execute("UPDATE orders SET state = 'SHIPPED' WHERE model = '" + PIXMA + "'");
        sample(sampler);

        assertThat(gauges(registry)).as("a terminal state counted at the next sample").isEqualTo(table(null))
                .containsEntry(OrderState.SHIPPED, 2L);
    }

    @Test
    void theMigrationCountsTheOrdersAlreadyStored() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("49").load()
                    .migrate();
            OrderRows.insert(dataSource, PIXMA, OrderState.PENDING, 3);
            OrderRows.insert(dataSource, CLASS, OrderState.SHIPPED, 2);

            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

            try (Connection c = dataSource.getConnection()) {
                assertThat(OrderStateCounts.byState(c, null)).isEqualTo(table(c, null));
                assertThat(OrderStateCounts.byState(c, List.of(CLASS))).containsEntry(OrderState.SHIPPED, 2L)
                        .containsEntry(OrderState.PENDING, 0L);
            }
        }
    }

    private static void foldCounts() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            OrderStateCounts.fold(c);
        }
    }

    /** One transaction moving a few random orders into random states, in order id order (no deadlocks). */
    private static void moveSomeOrders(List<String> ids) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> some = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            some.add(ids.get(random.nextInt(ids.size())));
        }
        some.sort(null);
        OrderState[] states = OrderState.values();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET state = ? WHERE order_id = ?")) {
                for (String id : some) {
                    ps.setString(1, states[random.nextInt(states.length)].name());
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    private static void assertCountsMatchTheTable(String after) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(OrderStateCounts.byState(c, null)).as("every model, " + after).isEqualTo(table(c, null));
            assertThat(OrderStateCounts.byState(c, List.of(CLASS))).as("imageCLASS only, " + after)
                    .isEqualTo(table(c, List.of(CLASS)));
        }
    }

    private static Map<OrderState, Long> table(List<String> models) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return table(c, models);
        }
    }

    /** The truth: a count of the orders table itself, every state present. */
    private static Map<OrderState, Long> table(Connection c, List<String> models) throws SQLException {
        Map<OrderState, Long> out = zeros();
        try (PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM orders"
                + " WHERE ?::text[] IS NULL OR model = ANY(?::text[]) GROUP BY state")) {
            Array array = models == null ? null : c.createArrayOf("text", models.toArray());
            ps.setArray(1, array);
            ps.setArray(2, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(OrderState.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private static long rows() {
        return db.queryLong("SELECT count(*) FROM order_state_counts");
    }

    private static void sample(OrderCountSampler sampler) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            sampler.sample(c);
        }
    }

    /** Every state's gauge, zeros included. */
    private static Map<OrderState, Long> gauges(SimpleMeterRegistry registry) {
        Map<OrderState, Long> out = new EnumMap<>(OrderState.class);
        for (OrderState state : OrderState.values()) {
            out.put(state, (long) registry.get("dispatcher.orders.current").tag("state", state.name()).gauge()
                    .value());
        }
        return out;
    }

    private static Map<OrderState, Long> zeros() {
        Map<OrderState, Long> out = new EnumMap<>(OrderState.class);
        for (OrderState state : OrderState.values()) {
            out.put(state, 0L);
        }
        return out;
    }
}
