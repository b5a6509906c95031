package io.inkflow.stack.chaos;

/**
 * A row of a sandbox provider's own ledger (payment or carrier).
 *
 * @param reference   the order id the dispatcher passed
 * @param outcome     payment: CAPTURED or DECLINED; carrier: SHIPPED
 * @param amountCents payment amount; 0 for the carrier
 */
public record LedgerEntry(String reference, String outcome, long amountCents) {
}
