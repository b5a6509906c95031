package io.inkflow.dispatcher.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.account.OrderRows;
import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.schemas.OrderState;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kept order flow per minute ({@code order_flow_minutes}, migration V51) against a real PostgreSQL: after
 * every kind of write to the order events they equal a count of the events themselves per minute and state, for
 * every model and for one, and folding them, alone or beside writers and another folder, loses and doubles
 * nothing and drops only minutes no reader asks for.
 */
class OrderFlowMinutesIT {
    private static final String PIXMA = "pixma-ts8320";
    private static final String CLASS = "imageclass-mf644cdw";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30);
    /** Wide enough for every event the tests write. */
    private static final long FIRST_MINUTE = OrderFlowMinutes.minuteOf(NOW) - 1_000;
    private static final long LAST_MINUTE = OrderFlowMinutes.minuteOf(NOW) + 10;
    private static final AtomicInteger EVENT_IDS = new AtomicInteger();

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
    void minutesFollowEveryKindOfWriteToTheEvents() throws Exception {
        List<String> pixma = OrderRows.insert(db.dataSource(), PIXMA, OrderState.PENDING, 3);
        List<String> canon = OrderRows.insert(db.dataSource(), CLASS, OrderState.PENDING, 2);
        List<String> all = new ArrayList<>(pixma);
        all.addAll(canon);
        events(db.dataSource(), all, null, OrderState.PENDING, NOW.minusSeconds(45));
        assertMinutesMatchTheEvents("five orders created in one statement, in the previous minute");

        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO order_events (event_id, order_id, from_state, to_state, occurred_at)
                VALUES (gen_random_uuid(), ?, 'PENDING', 'CHARGED', ?), (gen_random_uuid(), ?, 'PENDING', 'CHARGED', ?),
                       (gen_random_uuid(), ?, 'CHARGED', 'SHIPPED', ?)""")) {
            ps.setString(1, pixma.get(0));
            ps.setTimestamp(2, Timestamp.from(NOW.minusSeconds(40)));
            ps.setString(3, canon.get(0));
            ps.setTimestamp(4, Timestamp.from(NOW));
            ps.setString(5, pixma.get(0));
            ps.setTimestamp(6, Timestamp.from(NOW));
            ps.executeUpdate();
        }
        assertMinutesMatchTheEvents("one statement writing two models, two minutes and two states");

        long rowsBefore = rows();
        db.execute("UPDATE order_events SET detail = 'looked at'");
        assertThat(rows()).as("an update that moves no event to another minute or state adds no row")
                .isEqualTo(rowsBefore);
        assertMinutesMatchTheEvents("an update of the detail");

        db.execute("UPDATE order_events SET occurred_at = occurred_at - interval '10 minutes'"
                + " WHERE order_id = '" + canon.get(1) + "'");
        assertMinutesMatchTheEvents("an event moved to another minute");

        db.execute("DELETE FROM order_events WHERE order_id = '" + pixma.get(2) + "'");
        assertMinutesMatchTheEvents("an event deleted");

        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO order_events (event_id, order_id, from_state, to_state, occurred_at)"
                        + " SELECT gen_random_uuid(), order_id, 'PENDING', 'CANCELLED', now() FROM orders");
            }
            c.rollback();
        }
        assertMinutesMatchTheEvents("an insert rolled back");
        assertThat(between(null)).noneMatch(row -> row.state() == OrderState.CANCELLED);
    }

    @Test
    void foldingLeavesOneRowPerMinuteModelAndStateAndLeavesFoldedRowsAlone() throws Exception {
        List<String> ids = OrderRows.insert(db.dataSource(), PIXMA, OrderState.PENDING, 4);
        events(db.dataSource(), ids.subList(0, 2), null, OrderState.PENDING, NOW);
        events(db.dataSource(), ids.subList(2, 4), null, OrderState.PENDING, NOW);
        events(db.dataSource(), ids.subList(0, 1), OrderState.PENDING, OrderState.CHARGED, NOW.minusSeconds(60));
        assertThat(rows()).isEqualTo(3);

        fold(NOW);

        assertThat(rows()).as("PENDING in this minute folded into one; CHARGED in the previous one").isEqualTo(2);
        assertMinutesMatchTheEvents("folded");
        String versions = db.rowVersions("order_flow_minutes", "minute, state");
        fold(NOW);
        assertThat(db.rowVersions("order_flow_minutes", "minute, state"))
                .as("a fold with nothing new rewrites no row").isEqualTo(versions);
    }

    @Test
    void foldingDropsOnlyTheMinutesOlderThanTheKeptOnes() throws Exception {
        List<String> ids = OrderRows.insert(db.dataSource(), CLASS, OrderState.PENDING, 2);
        Instant oldestKept = NOW.minus(Duration.ofMinutes(OrderFlowMinutes.KEPT_MINUTES))
                .truncatedTo(ChronoUnit.MINUTES);
        events(db.dataSource(), ids.subList(0, 1), null, OrderState.PENDING, oldestKept);
        events(db.dataSource(), ids.subList(1, 2), null, OrderState.PENDING, oldestKept.minusMillis(1));

        fold(NOW);

        assertThat(between(null)).containsExactly(new OrderFlowMinutes.Entered(
                OrderFlowMinutes.minuteOf(oldestKept), OrderState.PENDING, 1, 1));
    }

    @Test
    void truncatingTheEventsEmptiesTheMinutes() throws Exception {
        List<String> ids = OrderRows.insert(db.dataSource(), PIXMA, OrderState.PENDING, 2);
        events(db.dataSource(), ids, null, OrderState.PENDING, NOW);

        db.execute("TRUNCATE order_events");

        assertThat(rows()).isZero();
        assertMinutesMatchTheEvents("truncated");
    }

    @Test
    void writersAndTwoFoldersAtOnceLoseAndDoubleNothing() throws Exception {
        List<String> ids = new ArrayList<>(OrderRows.insert(db.dataSource(), PIXMA, OrderState.PENDING, 50));
        ids.addAll(OrderRows.insert(db.dataSource(), CLASS, OrderState.PENDING, 50));
        WritersAndFolders.Done done = WritersAndFolders.run(3, () -> writeSomeEvents(ids), 2, () -> fold(NOW),
                Duration.ofSeconds(3));

        assertThat(done.writes()).as("transactions that wrote events").isGreaterThan(50);
        assertThat(done.folds()).as("folds").isGreaterThan(20);
        assertMinutesMatchTheEvents("after " + done.writes() + " writes and " + done.folds() + " folds");
    }

    @Test
    void theMigrationCountsTheLastTwoHoursOfEventsAlreadyStored() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("50").load()
                    .migrate();
            List<String> ids = OrderRows.insert(dataSource, CLASS, OrderState.PENDING, 3);
            Instant now = Instant.now();
            events(dataSource, ids.subList(0, 2), null, OrderState.PENDING, now.minusSeconds(30));
            events(dataSource, ids.subList(2, 3), null, OrderState.PENDING, now.minus(Duration.ofHours(3)));

            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

            try (Connection c = dataSource.getConnection()) {
                assertThat(OrderFlowMinutes.between(c, List.of(CLASS), FIRST_MINUTE, LAST_MINUTE))
                        .as("the event of three hours ago is older than any reader's hour").containsExactly(
                                new OrderFlowMinutes.Entered(OrderFlowMinutes.minuteOf(now.minusSeconds(30)),
                                        OrderState.PENDING, 2, 2));
            }
        }
    }

    /** One transaction writing a few transitions of random orders at random minutes of the last ten. */
    private static void writeSomeEvents(List<String> ids) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        OrderState[] states = OrderState.values();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 2; i++) {
                List<String> some = List.of(ids.get(random.nextInt(ids.size())), ids.get(random.nextInt(ids.size())));
                eventsOn(c, some, random.nextBoolean() ? null : OrderState.PENDING,
                        states[random.nextInt(states.length)], NOW.minusSeconds(random.nextInt(600)));
            }
            c.commit();
        }
    }

    private static void assertMinutesMatchTheEvents(String after) throws SQLException {
        assertThat(between(null)).as("every model, " + after).isEqualTo(events(null));
        assertThat(between(List.of(CLASS))).as("imageCLASS only, " + after).isEqualTo(events(List.of(CLASS)));
    }

    private static Set<OrderFlowMinutes.Entered> between(List<String> models) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return new HashSet<>(OrderFlowMinutes.between(c, models, FIRST_MINUTE, LAST_MINUTE));
        }
    }

    /** The truth: the events themselves counted per minute and state. */
    private static Set<OrderFlowMinutes.Entered> events(List<String> models) throws SQLException {
        Set<OrderFlowMinutes.Entered> out = new HashSet<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT floor(extract(epoch FROM e.occurred_at) / 60)::bigint, e.to_state, count(*),
                       count(*) FILTER (WHERE e.from_state IS NULL)
                FROM order_events e JOIN orders o ON o.order_id = e.order_id
                WHERE ?::text[] IS NULL OR o.model = ANY(?::text[]) GROUP BY 1, 2""")) {
            Array array = models == null ? null : c.createArrayOf("text", models.toArray());
            ps.setArray(1, array);
            ps.setArray(2, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OrderFlowMinutes.Entered(rs.getLong(1), OrderState.valueOf(rs.getString(2)),
                            rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    private static long rows() {
        return db.queryLong("SELECT count(*) FROM order_flow_minutes");
    }

    private static void fold(Instant now) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            OrderFlowMinutes.fold(c, now);
        }
    }

    /** One transition of each of the orders, all at {@code at}, inserted by one statement. */
    private static void events(DataSource dataSource, List<String> orderIds, OrderState from, OrderState to,
                               Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            eventsOn(c, orderIds, from, to, at);
        }
    }

    private static void eventsOn(Connection c, List<String> orderIds, OrderState from, OrderState to, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO order_events (event_id, order_id, from_state, to_state, detail, occurred_at)
                SELECT gen_random_uuid(), id, ?, ?, ?, ? FROM unnest(?::text[]) AS id""")) {
            ps.setString(1, from == null ? null : from.name());
            ps.setString(2, to.name());
            ps.setString(3, "flow-" + EVENT_IDS.incrementAndGet());
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setArray(5, c.createArrayOf("text", orderIds.toArray()));
            ps.executeUpdate();
        }
    }
}
