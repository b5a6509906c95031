package io.inkflow.dispatcher.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import io.inkflow.dispatcher.shipping.BusinessDays;
import io.inkflow.dispatcher.shipping.Carrier;
import io.inkflow.schemas.Json;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The bundled sandbox carrier with its ledger {@code sandbox_carrier_ledger}: one row per parcel, with the orders
 * of its items ({@code order_ids}) and their SKUs ({@code sku}, comma-separated), a tracking number and a
 * delivery estimate 3 to 7 business days out. It refuses an address whose first line contains
 * {@value #REJECTED_ADDRESS_MARKER}, so tests can provoke a refused address.
 */
public final class SandboxCarrier implements Carrier {
    public static final String NAME = "sandbox-carrier";
    public static final String REJECTED_ADDRESS_MARKER = "REJECT";

    private final SandboxLedger<ShipmentOutcome.Shipped> ledger;
    private final Clock clock;

    public SandboxCarrier(DataSource dataSource, SandboxFaults faults, Clock clock) {
        this.clock = clock;
        this.ledger = new SandboxLedger<>("sandbox carrier", dataSource, faults, """
                INSERT INTO sandbox_carrier_ledger (idempotency_key, tracking_number, reference, sku, ship_to,
                                                    delivery_estimate, created_at, order_ids)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""",
                "SELECT tracking_number, delivery_estimate FROM sandbox_carrier_ledger WHERE idempotency_key = ?",
                row -> new ShipmentOutcome.Shipped(row.getString(1), NAME, row.getObject(2, LocalDate.class)));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ShipmentOutcome ship(ShipmentRequest request) throws ProviderUnavailableException {
        if (request.shipTo().line1().toUpperCase(Locale.ROOT).contains(REJECTED_ADDRESS_MARKER)) {
            ledger.await();
            return new ShipmentOutcome.AddressRejected("the carrier does not deliver to '" + request.shipTo().line1()
                    + "'");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate estimate = BusinessDays.add(today, BusinessDays.transitDays(request.idempotencyKey()));
        return ledger.record(request.idempotencyKey(), (ps, fault) -> {
            ps.setString(1, request.idempotencyKey());
            ps.setString(2, "IF" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                    .toUpperCase(Locale.ROOT));
            ps.setString(3, request.reference());
            ps.setString(4, String.join(",", request.skus()));
            ps.setString(5, json(request));
            ps.setObject(6, estimate);
            ps.setTimestamp(7, Timestamp.from(clock.instant()));
            ps.setArray(8, ps.getConnection().createArrayOf("text",
                    request.items().stream().map(Item::orderId).toArray(String[]::new)));
        });
    }

    @Override
    public Optional<ShipmentOutcome.Shipped> lookup(String idempotencyKey) throws ProviderUnavailableException {
        return ledger.lookup(idempotencyKey);
    }

    private static String json(ShipmentRequest request) throws SQLException {
        try {
            return Json.mapper().writeValueAsString(request.shipTo());
        } catch (JsonProcessingException e) {
            throw new SQLException("Cannot write the address of " + request.reference(), e);
        }
    }
}
