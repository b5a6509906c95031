package io.inkflow.dispatcher.shipping;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inkflow.dispatcher.DispatcherConfig.Fault;
import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import io.inkflow.dispatcher.payment.SandboxFaults;
import io.inkflow.schemas.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * The bundled sandbox carrier: keeps its own ledger ({@code sandbox_carrier_ledger}) keyed by idempotency
 * key, answers a tracking number and a delivery estimate 3 to 7 business days out. An address whose first
 * line contains {@value #REFUSED_ADDRESS_MARKER} is refused, so tests can provoke it.
 */
public final class SandboxCarrier implements Carrier {
    public static final String REFUSED_ADDRESS_MARKER = "UNDELIVERABLE";

    private final DataSource dataSource;
    private final SandboxFaults faults;
    private final Clock clock;

    public SandboxCarrier(DataSource dataSource, SandboxFaults faults, Clock clock) {
        this.dataSource = dataSource;
        this.faults = faults;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "sandbox-carrier";
    }

    @Override
    public ShipmentOutcome ship(ShipmentRequest request) throws ProviderUnavailableException {
        Fault fault = faults.next();
        faults.await();
        if (fault == Fault.TIMEOUT) {
            throw faults.timeout();
        }
        if (request.shipTo().line1().contains(REFUSED_ADDRESS_MARKER)) {
            return new ShipmentOutcome.AddressRejected("address not found: " + request.shipTo().line1());
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate estimate = BusinessDays.add(today, BusinessDays.transitDays(request.idempotencyKey()));
        String tracking = "IF" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sandbox_carrier_ledger (idempotency_key, tracking_number, reference, sku, ship_to,
                                                        delivery_estimate, created_at)
                    VALUES (?, ?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""")) {
                ps.setString(1, request.idempotencyKey());
                ps.setString(2, tracking);
                ps.setString(3, request.reference());
                ps.setString(4, request.sku());
                ps.setString(5, Json.mapper().writeValueAsString(request.shipTo()));
                ps.setObject(6, estimate);
                ps.setTimestamp(7, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            ShipmentOutcome.Shipped confirmation = find(c, request.idempotencyKey()).orElseThrow();
            if (fault == Fault.LOSE_RESPONSE) {
                throw faults.lostResponse();
            }
            return confirmation;
        } catch (SQLException | JsonProcessingException e) {
            throw new ProviderUnavailableException("sandbox carrier unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ShipmentOutcome.Shipped> lookup(String idempotencyKey) throws ProviderUnavailableException {
        faults.await();
        try (Connection c = dataSource.getConnection()) {
            return find(c, idempotencyKey);
        } catch (SQLException e) {
            throw new ProviderUnavailableException("sandbox carrier unavailable: " + e.getMessage(), e);
        }
    }

    private Optional<ShipmentOutcome.Shipped> find(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tracking_number, delivery_estimate FROM sandbox_carrier_ledger WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new ShipmentOutcome.Shipped(rs.getString(1), name(), rs.getObject(2, LocalDate.class)))
                        : Optional.empty();
            }
        }
    }
}
