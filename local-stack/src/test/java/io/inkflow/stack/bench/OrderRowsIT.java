package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inkflow.schemas.embedded.PostgresServer;
import io.inkflow.stack.MigratedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain benchmark's end of a report's way is the commit of the transaction that inserted its order row, read
 * from PostgreSQL itself, and it stays that commit when the dispatcher later updates the row.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OrderRowsIT {
    @TempDir
    Path dir;

    /** zonky starts PostgreSQL with -F (no fsync); the benchmark's commits must cost what a durable one costs. */
    @Test
    void theBenchmarksPostgresFsyncsEveryCommit() throws Exception {
        try (MigratedPostgres database = MigratedPostgres.start(dir);
             Connection c = database.server().connect(); Statement s = c.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "track_commit_timestamp"}) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    @Test
    void givesEachOrderRowTheCommitOfTheTransactionThatInsertedItEvenAfterTheRowIsUpdated() throws Exception {
        try (MigratedPostgres database = MigratedPostgres.start(dir)) {
            PostgresServer postgres = database.server();
            Instant start = Instant.now();
            insertOrder(postgres, "without-creation-event", 1, start);

            Instant ingested = Instant.now();
            Instant committedAfter;
            try (Connection c = postgres.connect()) {
                c.setAutoCommit(false);
                insertOrder(c, "printer-1", 7, ingested);
                insertEvent(c, "printer-1", 7, null, "PENDING");
                Thread.sleep(300); // the transaction's commit comes well after the row's ingested_at
                committedAfter = Instant.now();
                c.commit();
            }
            Instant committedBefore = Instant.now();
            Thread.sleep(50);
            try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
                // the dispatcher's later step: the order updated and its next event inserted, in a later transaction
                c.setAutoCommit(false);
                s.executeUpdate("UPDATE orders SET state = 'CHARGED', updated_at = now() WHERE serial = 'printer-1'");
                insertEvent(c, "printer-1", 7, "PENDING", "CHARGED");
                c.commit();
            }

            Map<String, OrderRows.Stored> rows = OrderRows.since(postgres, start);

            assertThat(rows).containsOnlyKeys("without-creation-event/1", "printer-1/7");
            assertThat(rows.get("without-creation-event/1").committed()).isNull();
            OrderRows.Stored row = rows.get("printer-1/7");
            // PostgreSQL keeps microseconds, rounded
            assertThat(row.ingested()).isCloseTo(ingested, within(1, ChronoUnit.MICROS));
            assertThat(row.committed()).isBetween(committedAfter, committedBefore);
        }
    }

    private static void insertOrder(PostgresServer postgres, String serial, long sequence, Instant ingested)
            throws Exception {
        try (Connection c = postgres.connect()) {
            insertOrder(c, serial, sequence, ingested);
        }
    }

    @Test
    void countsTheOrdersShippedOrForwardedInAWindowAndThoseStillWaitingToBeChargedOrShipped() throws Exception {
        try (MigratedPostgres database = MigratedPostgres.start(dir)) {
            PostgresServer postgres = database.server();
            Instant now = Instant.now();
            try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
                for (int i = 1; i <= 6; i++) {
                    insertOrder(c, "printer-" + i, i, now);
                }
                s.executeUpdate("UPDATE orders SET state = 'CHARGED' WHERE serial = 'printer-2'");
                s.executeUpdate("UPDATE orders SET state = 'SHIPPED' WHERE serial IN ('printer-3', 'printer-4')");
                s.executeUpdate("UPDATE orders SET state = 'BACKORDERED' WHERE serial = 'printer-5'");
                s.executeUpdate("UPDATE orders SET state = 'FORWARDED' WHERE serial = 'printer-6'");
                insertEvent(c, "printer-3", 3, "CHARGED", "SHIPPED");
                insertEvent(c, "printer-4", 4, "CHARGED", "SHIPPED");
                insertEvent(c, "printer-6", 6, "PENDING", "FORWARDED");
                insertEvent(c, "printer-2", 2, "PENDING", "CHARGED");
                s.executeUpdate("UPDATE order_events SET occurred_at = now() - interval '1 hour'"
                        + " WHERE order_id = 'order-printer-4-4'");
            }

            assertThat(OrderRows.awaitingFulfilment(postgres)).as("printer-1 pending, printer-2 charged").isEqualTo(2);
            assertThat(OrderRows.fulfilledBetween(postgres, now.minusSeconds(60), Instant.now().plusSeconds(1)))
                    .as("printer-3 shipped, printer-6 forwarded; printer-4 shipped an hour ago").isEqualTo(2);
        }
    }

    private static void insertEvent(Connection c, String serial, long sequence, String from, String to)
            throws Exception {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO order_events (event_id, order_id, from_state, to_state, occurred_at)
                VALUES (gen_random_uuid(), ?, ?, ?, now())""")) {
            s.setString(1, "order-" + serial + "-" + sequence);
            s.setString(2, from);
            s.setString(3, to);
            s.executeUpdate();
        }
    }

    private static void insertOrder(Connection c, String serial, long sequence, Instant ingested) throws Exception {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO orders (order_id, serial, model, enrollment_id, account_id, channel, slot, sku,
                                    depletion_cycle, trigger, remaining_percent, threshold_percent, report_sequence,
                                    state, next_attempt_at, created_at, ingested_at, updated_at)
                VALUES (?, ?, 'pixma-ts9520', 'enr', 'acc', 'CANON', 'BK', 'PGI-580PGBK', 1, 'THRESHOLD', 9, 10, ?,
                        'PENDING', ?, ?, ?, ?)""")) {
            Timestamp at = Timestamp.from(ingested);
            s.setString(1, "order-" + serial + "-" + sequence);
            s.setString(2, serial);
            s.setLong(3, sequence);
            s.setTimestamp(4, at);
            s.setTimestamp(5, at);
            s.setTimestamp(6, at);
            s.setTimestamp(7, at);
            s.executeUpdate();
        }
    }
}
