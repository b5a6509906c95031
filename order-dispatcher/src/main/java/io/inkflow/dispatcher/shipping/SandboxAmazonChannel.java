package io.inkflow.dispatcher.shipping;

import io.inkflow.dispatcher.DispatcherConfig.Fault;
import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import io.inkflow.dispatcher.payment.SandboxFaults;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The bundled sandbox Amazon channel with its own ledger ({@code sandbox_amazon_ledger}). */
public final class SandboxAmazonChannel implements AmazonChannel {
    private final DataSource dataSource;
    private final SandboxFaults faults;
    private final Clock clock;

    public SandboxAmazonChannel(DataSource dataSource, SandboxFaults faults, Clock clock) {
        this.dataSource = dataSource;
        this.faults = faults;
        this.clock = clock;
    }

    @Override
    public String forward(AmazonOrder order) throws ProviderUnavailableException {
        Fault fault = faults.next();
        faults.await();
        if (fault == Fault.TIMEOUT) {
            throw faults.timeout();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sandbox_amazon_ledger (idempotency_key, amazon_reference, reference, account_id, sku,
                                                       created_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""")) {
                ps.setString(1, order.idempotencyKey());
                ps.setString(2, "AMZ-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase(Locale.ROOT));
                ps.setString(3, order.reference());
                ps.setString(4, order.accountId());
                ps.setString(5, order.sku());
                ps.setTimestamp(6, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            String reference = find(c, order.idempotencyKey()).orElseThrow();
            if (fault == Fault.LOSE_RESPONSE) {
                throw faults.lostResponse();
            }
            return reference;
        } catch (SQLException e) {
            throw new ProviderUnavailableException("sandbox Amazon channel unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> lookup(String idempotencyKey) throws ProviderUnavailableException {
        faults.await();
        try (Connection c = dataSource.getConnection()) {
            return find(c, idempotencyKey);
        } catch (SQLException e) {
            throw new ProviderUnavailableException("sandbox Amazon channel unavailable: " + e.getMessage(), e);
        }
    }

    private static Optional<String> find(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT amazon_reference FROM sandbox_amazon_ledger WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
