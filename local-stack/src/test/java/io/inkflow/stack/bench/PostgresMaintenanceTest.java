package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresMaintenanceTest {
    private static final Instant FROM = Instant.parse("2026-12-03T16:18:40Z");
    private static final Instant TO = Instant.parse("2026-12-03T16:19:40Z");

    @TempDir
    Path dir;

    @Test
    void listsMaintenanceWithItsCpuAndSlowStatementsInTheWindowAtTheirSecondsFromItsStart() throws Exception {
        Path log = dir.resolve("postgres.log");
        Files.writeString(log, """
                2026-12-03 16:18:39.999 UTC [101] LOG:  automatic vacuum of table "postgres.public.orders": …
                2026-12-03 16:18:52.250 UTC [102] LOG:  automatic vacuum of table "postgres.public.kafka_outbox":
                \tpages: 0 removed, 12 remain, 12 scanned (100.00% of total)
                \tsystem usage: CPU: user: 0.01 s, system: 0.00 s, elapsed: 0.02 s
                2026-12-03 16:19:01.000 UTC [103] LOG:  automatic analyze of table "postgres.public.order_events"
                	avg read rate: 0.000 MB/s, avg write rate: 0.000 MB/s
                	system usage: CPU: user: 0.25 s, system: 0.06 s, elapsed: 0.40 s
                2026-12-03 16:19:05.500 UTC [104] ERROR:  duplicate key value violates unique constraint "orders_pkey"
                2026-12-03 16:19:10.000 UTC [104] LOG:  duration: 242.118 ms  execute S_3: COMMIT
                2026-12-03 16:19:11.000 UTC [104] LOG:  duration: 120.5 ms  statement: INSERT INTO orders (order_id,
                	  serial, model, enrollment_id, account_id) VALUES ($1, $2, $3, $4, $5)
                2026-12-03 16:19:20.125 UTC [99] LOG:  checkpoint starting: time
                2026-12-03 16:19:39.000 UTC [99] LOG:  checkpoint complete: wrote 120 buffers (0.7%)
                2026-12-03 16:19:40.001 UTC [105] LOG:  automatic analyze of table "postgres.public.notifications"
                """);

        assertThat(PostgresMaintenance.within(log, FROM, TO, "while publishing at 1000/s")).isEqualTo(
                "PostgreSQL maintenance and slow statements while publishing at 1000/s: vacuum kafka_outbox at +12.3 s"
                        + " (ended; 0.02 s elapsed, 0.01 s CPU), analyze order_events at +21.0 s (ended; 0.40 s elapsed,"
                        + " 0.31 s CPU), 242 ms in COMMIT at +30.0 s,"
                        + " 121 ms in INSERT INTO orders (order_id, at +31.0 s, checkpoint (time) at +40.1 s");
    }

    @Test
    void saysNoneWhenNothingRanOrThereIsNoLog() throws Exception {
        Path log = dir.resolve("postgres.log");
        Files.writeString(log,
                "2026-12-03 16:18:45.000 UTC [1] LOG:  database system is ready to accept connections\n");

        assertThat(PostgresMaintenance.within(log, FROM, TO, "while publishing at 3000/s"))
                .isEqualTo("PostgreSQL maintenance and slow statements while publishing at 3000/s: none");
        assertThat(PostgresMaintenance.within(dir.resolve("absent.log"), FROM, TO, "while publishing at 3000/s"))
                .isEqualTo("PostgreSQL maintenance and slow statements while publishing at 3000/s: none");
    }
}
