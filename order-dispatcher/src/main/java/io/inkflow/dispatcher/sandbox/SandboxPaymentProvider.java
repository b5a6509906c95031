package io.inkflow.dispatcher.sandbox;

import io.inkflow.dispatcher.payment.PaymentProvider;
import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The bundled sandbox card provider, with its ledger {@code sandbox_payment_ledger}. Tokens starting with
 * {@code tok_decline} are always declined.
 */
public final class SandboxPaymentProvider implements PaymentProvider {
    public static final String DECLINING_TOKEN_PREFIX = "tok_decline";

    private final SandboxLedger<ChargeOutcome> ledger;
    private final Clock clock;

    public SandboxPaymentProvider(DataSource dataSource, SandboxFaults faults, Clock clock) {
        this.clock = clock;
        this.ledger = new SandboxLedger<>("sandbox payment provider", dataSource, faults, """
                INSERT INTO sandbox_payment_ledger (idempotency_key, charge_id, reference, payment_token,
                                                    amount_cents, outcome, decline_reason, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""", """
                SELECT charge_id, amount_cents, outcome, decline_reason FROM sandbox_payment_ledger
                WHERE idempotency_key = ?""", row -> "CAPTURED".equals(row.getString("outcome"))
                ? new ChargeOutcome.Captured(row.getString("charge_id"), row.getLong("amount_cents"))
                : new ChargeOutcome.Declined(row.getString("charge_id"), row.getString("decline_reason")));
    }

    @Override
    public ChargeOutcome charge(ChargeRequest request) throws ProviderUnavailableException {
        return ledger.record(request.idempotencyKey(), (ps, fault) -> {
            boolean decline = fault == Fault.DECLINE || request.paymentToken().startsWith(DECLINING_TOKEN_PREFIX);
            ps.setString(1, request.idempotencyKey());
            ps.setString(2, "ch_" + UUID.randomUUID().toString().replace("-", ""));
            ps.setString(3, request.reference());
            ps.setString(4, request.paymentToken());
            ps.setLong(5, request.amountCents());
            ps.setString(6, decline ? "DECLINED" : "CAPTURED");
            ps.setString(7, decline ? "card_declined" : null);
            ps.setTimestamp(8, Timestamp.from(clock.instant()));
        });
    }

    @Override
    public Optional<ChargeOutcome> lookup(String idempotencyKey) throws ProviderUnavailableException {
        return ledger.lookup(idempotencyKey);
    }
}
