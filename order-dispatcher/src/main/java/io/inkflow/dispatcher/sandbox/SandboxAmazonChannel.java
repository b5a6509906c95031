package io.inkflow.dispatcher.sandbox;

import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import io.inkflow.dispatcher.shipping.AmazonChannel;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The bundled sandbox Amazon channel with its ledger {@code sandbox_amazon_ledger}. */
public final class SandboxAmazonChannel implements AmazonChannel {
    private final SandboxLedger<String> ledger;
    private final Clock clock;

    public SandboxAmazonChannel(DataSource dataSource, SandboxFaults faults, Clock clock) {
        this.clock = clock;
        this.ledger = new SandboxLedger<>("sandbox Amazon channel", dataSource, faults, """
                INSERT INTO sandbox_amazon_ledger (idempotency_key, amazon_reference, reference, account_id, sku,
                                                   created_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""",
                "SELECT amazon_reference FROM sandbox_amazon_ledger WHERE idempotency_key = ?",
                row -> row.getString(1));
    }

    @Override
    public String forward(AmazonOrder order) throws ProviderUnavailableException {
        return ledger.record(order.idempotencyKey(), (ps, fault) -> {
            ps.setString(1, order.idempotencyKey());
            ps.setString(2, "AMZ-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase(Locale.ROOT));
            ps.setString(3, order.reference());
            ps.setString(4, order.accountId());
            ps.setString(5, order.sku());
            ps.setTimestamp(6, Timestamp.from(clock.instant()));
        });
    }

    @Override
    public Optional<String> lookup(String idempotencyKey) throws ProviderUnavailableException {
        return ledger.lookup(idempotencyKey);
    }
}
