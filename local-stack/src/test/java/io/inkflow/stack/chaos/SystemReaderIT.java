package io.inkflow.stack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.payment.PaymentProvider.ChargeRequest;
import io.inkflow.dispatcher.payment.PaymentProvider.Line;
import io.inkflow.dispatcher.sandbox.SandboxCarrier;
import io.inkflow.dispatcher.sandbox.SandboxFaults;
import io.inkflow.dispatcher.sandbox.SandboxPaymentProvider;
import io.inkflow.dispatcher.shipping.Address;
import io.inkflow.dispatcher.shipping.Carrier.Item;
import io.inkflow.dispatcher.shipping.Carrier.ShipmentRequest;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.embedded.PostgresServer;
import io.inkflow.stack.MigratedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The ledger audit reads what the dispatcher's sandbox providers write: the orders each capture and parcel
 * covers, one order's rows and an order group's alike.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SystemReaderIT {
    private static final ModelCatalog CATALOG = ModelCatalog.bundled();
    private static final CatalogEntry MODEL = CATALOG.entries().getFirst();
    private static final Address ADA = new Address("Ada Lovelace", "12 Analytical Way", null, "London", null, "N1 7AA",
            "GB");

    @TempDir
    Path dir;

    @Test
    void readsTheOrdersEachCaptureAndParcelCoversAsTheSandboxesWroteThem() throws Exception {
        try (MigratedPostgres database = MigratedPostgres.start(dir)) {
            PostgresServer postgres = database.server();
            PGSimpleDataSource dataSource = database.dataSource();
            SandboxPaymentProvider payments = new SandboxPaymentProvider(dataSource, SandboxFaults.none(),
                    Clock.systemUTC());
            SandboxCarrier carrier = new SandboxCarrier(dataSource, SandboxFaults.none(), Clock.systemUTC());
            String black = MODEL.slots().get(0).sku();
            String cyan = MODEL.slots().get(1).sku();
            long blackCents = MODEL.slots().get(0).priceCents();
            long cyanCents = MODEL.slots().get(1).priceCents();

            payments.charge(new ChargeRequest("inkflow-charge-g1-1", "g1", "tok_visa", blackCents + cyanCents,
                    List.of(new Line("g1-a", black, blackCents), new Line("g1-b", cyan, cyanCents))));
            payments.charge(new ChargeRequest("inkflow-charge-alone-1", "alone", "tok_visa", blackCents));
            payments.charge(new ChargeRequest("inkflow-charge-declined-1", "declined", "tok_decline", blackCents));
            carrier.ship(new ShipmentRequest("inkflow-ship-g1", "g1", List.of(new Item("g1-a", black),
                    new Item("g1-b", cyan)), ADA));
            carrier.ship(new ShipmentRequest("inkflow-ship-alone", "alone", black, ADA));

            SystemReader reader = new SystemReader("unused:9092", postgres);
            List<LedgerEntry> read = reader.payments();
            assertThat(read).containsExactlyInAnyOrder(
                    new LedgerEntry("g1", "CAPTURED", blackCents + cyanCents, List.of(
                            new LedgerEntry.Line("g1-a", blackCents), new LedgerEntry.Line("g1-b", cyanCents))),
                    LedgerEntry.single("alone", "CAPTURED", blackCents),
                    LedgerEntry.single("declined", "DECLINED", blackCents));
            assertThat(reader.shipments()).containsExactlyInAnyOrder(
                    new LedgerEntry("g1", "SHIPPED", 0, List.of(new LedgerEntry.Line("g1-a", 0),
                            new LedgerEntry.Line("g1-b", 0))),
                    LedgerEntry.single("alone", "SHIPPED", 0));

            String slot0 = MODEL.slots().get(0).slot();
            String slot1 = MODEL.slots().get(1).slot();
            List<OrderRow> orders = List.of(
                    new OrderRow("g1-a", "SHIPPED", "CANON", MODEL.model(), slot0, blackCents, null, false),
                    new OrderRow("g1-b", "SHIPPED", "CANON", MODEL.model(), slot1, cyanCents, null, false),
                    new OrderRow("alone", "SHIPPED", "CANON", MODEL.model(), slot0, blackCents, null, false),
                    new OrderRow("declined", "PAYMENT_FAILED", "CANON", MODEL.model(), slot0, null, null, false));
            CheckResult audit = LedgerAudit.check(orders, read, reader.shipments(), CATALOG);
            assertThat(audit.passed()).as(audit.describe()).isTrue();
            assertThat(audit.figures()).contains("captures 2 (declines 1)",
                    "carrier parcels 2, 1.50 orders per parcel");
        }
    }
}
