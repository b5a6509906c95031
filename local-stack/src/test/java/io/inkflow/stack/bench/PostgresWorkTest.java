package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresWorkTest {
    @Test
    void dividesTheWorkBetweenTwoSnapshotsByTheOrdersAndShowsTheCostliestStatementsFirst() {
        PostgresWork.Snapshot before = new PostgresWork.Snapshot(1_000, 10_240, 40, Map.of(
                "orders", new PostgresWork.TableRows("orders", 50, 100, 0, 0),
                "kafka_outbox", new PostgresWork.TableRows("kafka_outbox", 50, 0, 0, 50),
                "accounts", new PostgresWork.TableRows("accounts", 3, 0, 0, 0)), Map.of(
                "1", new PostgresWork.Query("INSERT INTO orders (a, b)\n   VALUES ($1, $2)", 50, 20.0, 50),
                "2", new PostgresWork.Query("SELECT 1", 7, 1.0, 7)));
        PostgresWork.Snapshot after = new PostgresWork.Snapshot(1_300, 215_040, 90, Map.of(
                "orders", new PostgresWork.TableRows("orders", 150, 400, 50, 0),
                "kafka_outbox", new PostgresWork.TableRows("kafka_outbox", 150, 0, 0, 130),
                "accounts", new PostgresWork.TableRows("accounts", 3, 0, 0, 0),
                "printer_status", new PostgresWork.TableRows("printer_status", 0, 0, 0, 0)), Map.of(
                "1", new PostgresWork.Query("INSERT INTO orders (a, b)\n   VALUES ($1, $2)", 150, 70.0, 150),
                "2", new PostgresWork.Query("SELECT 1", 7, 1.0, 7),
                "3", new PostgresWork.Query("UPDATE printer_status SET x = $1", 400, 120.0, 800)));

        PostgresWork.PerOrder work = PostgresWork.between(before, after, 100);

        assertThat(work.commits()).isEqualTo(3.0);
        assertThat(work.walBytes()).isEqualTo(2_048.0);
        assertThat(work.fullPageImages()).isEqualTo(0.5);
        assertThat(work.execMillis()).isEqualTo(1.7);
        assertThat(PostgresWork.lines(1000, work)).containsExactly(
                "PostgreSQL per order at 1000/s (100 orders): 3.0 commits, 2.0 KiB of WAL (0.5 full-page images),"
                        + " 1.70 ms in statements",
                "  rows per order: orders 1.0 ins, 3.0 upd (0.5 HOT), 0.0 del;"
                        + " kafka_outbox 1.0 ins, 0.0 upd (0.0 HOT), 0.8 del",
                "  1.20 ms, 4.00 calls, 8.0 rows per order: UPDATE printer_status SET x = $1",
                "  0.50 ms, 1.00 calls, 1.0 rows per order: INSERT INTO orders (a, b) VALUES ($1, $2)");
    }

    @Test
    void showsOnlyTheMostWrittenTables() {
        Map<String, PostgresWork.TableRows> tables = new HashMap<>();
        for (int i = 1; i <= PostgresWork.TABLES_SHOWN + 2; i++) {
            tables.put("t" + i, new PostgresWork.TableRows("t" + i, i, 0, 0, 0));
        }
        PostgresWork.PerOrder work = PostgresWork.between(new PostgresWork.Snapshot(0, 0, 0, Map.of(), Map.of()),
                new PostgresWork.Snapshot(0, 0, 0, tables, Map.of()), 1);

        assertThat(work.tables()).extracting(PostgresWork.TableRows::table)
                .containsExactly("t8", "t7", "t6", "t5", "t4", "t3");
    }

    @Test
    void showsOnlyTheCostliestStatementsAndCutsLongOnes() {
        Map<String, PostgresWork.Query> statements = new HashMap<>();
        for (int i = 1; i <= PostgresWork.SHOWN + 2; i++) {
            statements.put(String.valueOf(i), new PostgresWork.Query("SELECT " + "x".repeat(200) + i, 1, i, 1));
        }
        PostgresWork.PerOrder work = PostgresWork.between(new PostgresWork.Snapshot(0, 0, 0, Map.of(), Map.of()),
                new PostgresWork.Snapshot(0, 0, 0, Map.of(), statements), 1);

        assertThat(work.top()).hasSize(PostgresWork.SHOWN);
        assertThat(work.top().getFirst().execMillis()).isEqualTo(PostgresWork.SHOWN + 2);
        // the statement's first 110 characters and an ellipsis
        assertThat(PostgresWork.lines(1, work).get(2))
                .isEqualTo("  10.00 ms, 1.00 calls, 1.0 rows per order: SELECT " + "x".repeat(103) + "…");
    }

    @Test
    void noOrdersMeansTheWholeIsShownAsIfForOne() {
        PostgresWork.PerOrder work = PostgresWork.between(new PostgresWork.Snapshot(10, 0, 0, Map.of(), Map.of()),
                new PostgresWork.Snapshot(15, 0, 0, Map.of(), Map.of()), 0);

        assertThat(work.commits()).isEqualTo(5.0);
        assertThat(PostgresWork.lines(500, work)).containsExactly(
                "PostgreSQL per order at 500/s (0 orders): 5.0 commits, 0.0 KiB of WAL (0.0 full-page images),"
                        + " 0.00 ms in statements",
                "  rows per order: none");
    }
}
