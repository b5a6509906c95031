package io.inkflow.stack.chaos;

import java.util.List;

/**
 * A row of a sandbox provider's own ledger: one charge (captured or not) or one carrier parcel, with the orders
 * it covers. A group's capture and parcel cover every order of the group; any other row covers one order.
 *
 * @param reference   what the dispatcher passed: an order id, or an order group's id
 * @param outcome     payment: CAPTURED, DECLINED or REQUIRES_ACTION; carrier: SHIPPED
 * @param amountCents payment amount; 0 for the carrier
 * @param lines       the orders covered, each with its part of the amount (0 for the carrier)
 */
public record LedgerEntry(String reference, String outcome, long amountCents, List<Line> lines) {

    /** One covered order and its part of the row's amount. */
    public record Line(String orderId, long amountCents) {
    }

    public LedgerEntry {
        lines = List.copyOf(lines);
    }

    /** A row of the one order that is its reference: the whole amount is that order's. */
    public static LedgerEntry single(String reference, String outcome, long amountCents) {
        return new LedgerEntry(reference, outcome, amountCents, List.of(new Line(reference, amountCents)));
    }

    public long linesCents() {
        return lines.stream().mapToLong(Line::amountCents).sum();
    }
}
