package io.inkflow.dispatcher.sandbox;

import io.inkflow.dispatcher.payment.PaymentProvider;
import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The bundled sandbox card provider, with its ledger {@code sandbox_payment_ledger}: one row per charge, with the
 * orders it covers ({@code order_ids}, and each one's part in {@code line_amounts_cents}). Tokens starting with
 * {@code tok_decline} are always declined; tokens starting with {@code tok_sca} always need the customer's
 * authentication (strong customer authentication), so tests can provoke both.
 */
public final class SandboxPaymentProvider implements PaymentProvider {
    public static final String DECLINING_TOKEN_PREFIX = "tok_decline";
    public static final String AUTHENTICATING_TOKEN_PREFIX = "tok_sca";

    private final SandboxLedger<ChargeOutcome> ledger;
    private final Clock clock;

    public SandboxPaymentProvider(DataSource dataSource, SandboxFaults faults, Clock clock) {
        this.clock = clock;
        this.ledger = new SandboxLedger<>("sandbox payment provider", dataSource, faults, """
                INSERT INTO sandbox_payment_ledger (idempotency_key, charge_id, reference, payment_token,
                                                    amount_cents, outcome, decline_reason, created_at, order_ids,
                                                    line_amounts_cents)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""", """
                SELECT charge_id, amount_cents, outcome, decline_reason FROM sandbox_payment_ledger
                WHERE idempotency_key = ?""", SandboxPaymentProvider::outcome);
    }

    private static ChargeOutcome outcome(ResultSet row) throws SQLException {
        String chargeId = row.getString("charge_id");
        return switch (row.getString("outcome")) {
            case "CAPTURED" -> new ChargeOutcome.Captured(chargeId, row.getLong("amount_cents"));
            case "REQUIRES_ACTION" -> new ChargeOutcome.RequiresAction(chargeId, row.getString("decline_reason"));
            default -> new ChargeOutcome.Declined(chargeId, row.getString("decline_reason"));
        };
    }

    @Override
    public ChargeOutcome charge(ChargeRequest request) throws ProviderUnavailableException {
        return ledger.record(request.idempotencyKey(), (ps, fault) -> {
            String token = request.paymentToken();
            String outcome = fault == Fault.DECLINE || token.startsWith(DECLINING_TOKEN_PREFIX) ? "DECLINED"
                    : token.startsWith(AUTHENTICATING_TOKEN_PREFIX) ? "REQUIRES_ACTION" : "CAPTURED";
            ps.setString(1, request.idempotencyKey());
            ps.setString(2, "ch_" + UUID.randomUUID().toString().replace("-", ""));
            ps.setString(3, request.reference());
            ps.setString(4, request.paymentToken());
            ps.setLong(5, request.amountCents());
            ps.setString(6, outcome);
            ps.setString(7, switch (outcome) {
                case "DECLINED" -> "card_declined";
                case "REQUIRES_ACTION" -> "authentication_required";
                default -> null;
            });
            ps.setTimestamp(8, Timestamp.from(clock.instant()));
            ps.setArray(9, ps.getConnection().createArrayOf("text", orderIds(request)));
            ps.setArray(10, ps.getConnection().createArrayOf("bigint", lineAmounts(request)));
        });
    }

    /** The orders the charge covers: its lines' orders, or the one order that is its reference. */
    static String[] orderIds(ChargeRequest request) {
        return request.lines().isEmpty() ? new String[] {request.reference()}
                : request.lines().stream().map(Line::orderId).toArray(String[]::new);
    }

    /** Each covered order's part of the amount, in the order of {@link #orderIds}. */
    static Long[] lineAmounts(ChargeRequest request) {
        return request.lines().isEmpty() ? new Long[] {request.amountCents()}
                : request.lines().stream().map(Line::amountCents).toArray(Long[]::new);
    }

    @Override
    public Optional<ChargeOutcome> lookup(String idempotencyKey) throws ProviderUnavailableException {
        return ledger.lookup(idempotencyKey);
    }
}
