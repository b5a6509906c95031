package io.inkflow.dispatcher.payment;

import io.inkflow.dispatcher.DispatcherConfig.Fault;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The bundled sandbox card provider. Its ledger ({@code sandbox_payment_ledger}) is keyed by the caller's
 * idempotency key and committed on its own connection, independently of the dispatcher's transactions,
 * like a remote system. Tokens starting with {@code tok_decline} are always declined.
 */
public final class SandboxPaymentProvider implements PaymentProvider {
    public static final String DECLINING_TOKEN_PREFIX = "tok_decline";

    private final DataSource dataSource;
    private final SandboxFaults faults;
    private final Clock clock;

    public SandboxPaymentProvider(DataSource dataSource, SandboxFaults faults, Clock clock) {
        this.dataSource = dataSource;
        this.faults = faults;
        this.clock = clock;
    }

    @Override
    public ChargeOutcome charge(ChargeRequest request) throws ProviderUnavailableException {
        Fault fault = faults.next();
        faults.await();
        if (fault == Fault.TIMEOUT) {
            throw faults.timeout();
        }
        boolean decline = fault == Fault.DECLINE || request.paymentToken().startsWith(DECLINING_TOKEN_PREFIX);
        ChargeOutcome outcome = recordOnce(request, decline);
        if (fault == Fault.LOSE_RESPONSE) {
            throw faults.lostResponse();
        }
        return outcome;
    }

    @Override
    public Optional<ChargeOutcome> lookup(String idempotencyKey) throws ProviderUnavailableException {
        faults.await();
        try (Connection c = dataSource.getConnection()) {
            return find(c, idempotencyKey);
        } catch (SQLException e) {
            throw new ProviderUnavailableException("sandbox ledger unavailable: " + e.getMessage(), e);
        }
    }

    private ChargeOutcome recordOnce(ChargeRequest request, boolean decline) throws ProviderUnavailableException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sandbox_payment_ledger (idempotency_key, charge_id, reference, payment_token,
                                                        amount_cents, outcome, decline_reason, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""")) {
                ps.setString(1, request.idempotencyKey());
                ps.setString(2, "ch_" + UUID.randomUUID().toString().replace("-", ""));
                ps.setString(3, request.reference());
                ps.setString(4, request.paymentToken());
                ps.setLong(5, request.amountCents());
                ps.setString(6, decline ? "DECLINED" : "CAPTURED");
                ps.setString(7, decline ? "card_declined" : null);
                ps.setTimestamp(8, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            // the first request with this key decides; a replay answers the same
            return find(c, request.idempotencyKey()).orElseThrow();
        } catch (SQLException e) {
            throw new ProviderUnavailableException("sandbox ledger unavailable: " + e.getMessage(), e);
        }
    }

    private static Optional<ChargeOutcome> find(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT charge_id, amount_cents, outcome, decline_reason FROM sandbox_payment_ledger WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String chargeId = rs.getString("charge_id");
                return Optional.of("CAPTURED".equals(rs.getString("outcome"))
                        ? new ChargeOutcome.Captured(chargeId, rs.getLong("amount_cents"))
                        : new ChargeOutcome.Declined(chargeId, rs.getString("decline_reason")));
            }
        }
    }
}
