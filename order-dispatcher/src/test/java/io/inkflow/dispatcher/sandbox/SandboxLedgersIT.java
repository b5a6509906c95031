package io.inkflow.dispatcher.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.account.TestDatabase;
import io.inkflow.dispatcher.payment.PaymentProvider.ChargeOutcome;
import io.inkflow.dispatcher.payment.PaymentProvider.ChargeRequest;
import io.inkflow.dispatcher.payment.PaymentProvider.Line;
import io.inkflow.dispatcher.shipping.Address;
import io.inkflow.dispatcher.shipping.Carrier.Item;
import io.inkflow.dispatcher.shipping.Carrier.ShipmentOutcome;
import io.inkflow.dispatcher.shipping.Carrier.ShipmentRequest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sandbox payment provider's and carrier's ledgers record which orders a capture and a parcel cover. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SandboxLedgersIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Address ADA = new Address("Ada Lovelace", "12 Analytical Way", null, "London", null, "N1 7AA",
            "GB");
    private static TestDatabase db;
    private static SandboxPaymentProvider payments;
    private static SandboxCarrier carrier;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        payments = new SandboxPaymentProvider(db.dataSource(), SandboxFaults.none(), CLOCK);
        carrier = new SandboxCarrier(db.dataSource(), SandboxFaults.none(), CLOCK);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aGroupsCaptureCoversItsLinesOrdersWithTheirAmounts() throws Exception {
        ChargeRequest group = new ChargeRequest("inkflow-charge-g1-1", "g1", "tok_visa", 2199 + 1599, List.of(
                new Line("o1", "PGI-280 PGBK", 2199), new Line("o2", "CLI-281 C", 1599)));

        ChargeOutcome outcome = payments.charge(group);

        assertThat(outcome).isInstanceOfSatisfying(ChargeOutcome.Captured.class,
                c -> assertThat(c.amountCents()).isEqualTo(3798));
        String row = " FROM sandbox_payment_ledger WHERE idempotency_key = 'inkflow-charge-g1-1'";
        assertThat(db.queryString("SELECT reference" + row)).isEqualTo("g1");
        assertThat(db.queryString("SELECT order_ids::text" + row)).isEqualTo("{o1,o2}");
        assertThat(db.queryString("SELECT line_amounts_cents::text" + row)).isEqualTo("{2199,1599}");
        // a replay with the same key is answered from the ledger, not recorded again
        assertThat(payments.charge(group)).isEqualTo(outcome);
        assertThat(db.queryLong("SELECT count(*) FROM sandbox_payment_ledger WHERE 'o1' = ANY(order_ids)"))
                .isEqualTo(1);
    }

    @Test
    void oneOrdersChargeCoversTheOrderThatIsItsReferenceAndADeclineTooRecordsItsOrders() throws Exception {
        payments.charge(new ChargeRequest("inkflow-charge-o3-1", "o3", "tok_visa", 2199));
        payments.charge(new ChargeRequest("inkflow-charge-g2-1", "g2", "tok_decline_x", 300, List.of(
                new Line("o4", "CLI-281 C", 100), new Line("o5", "CLI-281 M", 200))));

        assertThat(db.queryString("SELECT order_ids::text || line_amounts_cents::text FROM sandbox_payment_ledger"
                + " WHERE reference = 'o3'")).isEqualTo("{o3}{2199}");
        assertThat(db.queryString("SELECT outcome || order_ids::text FROM sandbox_payment_ledger"
                + " WHERE reference = 'g2'")).isEqualTo("DECLINED{o4,o5}");
    }

    @Test
    void aParcelCoversTheOrdersOfItsItems() throws Exception {
        ShipmentRequest parcel = new ShipmentRequest("inkflow-ship-g1", "g1", List.of(
                new Item("o1", "PGI-280 PGBK"), new Item("o2", "CLI-281 C")), ADA);

        assertThat(carrier.ship(parcel)).isInstanceOf(ShipmentOutcome.Shipped.class);
        carrier.ship(new ShipmentRequest("inkflow-ship-o3", "o3", "PGI-280 PGBK", ADA));

        assertThat(db.queryString("SELECT order_ids::text || ' ' || sku FROM sandbox_carrier_ledger"
                + " WHERE reference = 'g1'")).isEqualTo("{o1,o2} PGI-280 PGBK,CLI-281 C");
        assertThat(db.queryString("SELECT order_ids::text FROM sandbox_carrier_ledger WHERE reference = 'o3'"))
                .isEqualTo("{o3}");
    }

    @Test
    void rowsWrittenBeforeTheLedgersRecordedOrdersCoverTheirReference() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("47").load()
                    .migrate();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("""
                        INSERT INTO sandbox_payment_ledger (idempotency_key, charge_id, reference, payment_token,
                                                            amount_cents, outcome, decline_reason, created_at)
                        VALUES ('k1', 'ch_1', 'old-order', 'tok_visa', 2199, 'CAPTURED', NULL, now())""");
                s.execute("""
                        INSERT INTO sandbox_carrier_ledger (idempotency_key, tracking_number, reference, sku, ship_to,
                                                            delivery_estimate, created_at)
                        VALUES ('k2', 'IF1', 'old-order', 'PGI-280 PGBK', '{}', '2026-12-07', now())""");
            }

            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 var rs = s.executeQuery("""
                         SELECT p.order_ids::text, p.line_amounts_cents::text, c.order_ids::text
                         FROM sandbox_payment_ledger p, sandbox_carrier_ledger c""")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                        .containsExactly("{old-order}", "{2199}", "{old-order}");
            }
        }
    }
}
