package io.inkflow.dispatcher.portal.view;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An order as the customer sees it.
 *
 * @param amountCents       charged at shipment, null until charged
 * @param requestStatus     the customer's cancellation request (OPEN, APPROVED, DECLINED), null when none
 * @param reason            why it was ordered ({@code OrderReason}): "ordered N days before empty", "ordered at the
 *                          threshold"; empty when unknown
 * @param groupSize         the orders of its order group (one parcel, one charge), null when it ships alone
 */
public record OrderLine(String orderId, String serial, String model, String colour, String sku, String channel,
                        String state, Long amountCents, String carrier, String trackingNumber,
                        LocalDate deliveryEstimate, Instant createdAt, String requestStatus, String reason,
                        Integer groupSize) {

    /** "in one parcel with 2 other cartridges" for an order of a group; empty otherwise. */
    public String parcelText() {
        if (groupSize == null) {
            return "";
        }
        int others = groupSize - 1;
        return "in one parcel with " + others + (others == 1 ? " other cartridge" : " other cartridges");
    }

    public String stateText() {
        return switch (state) {
            case "PENDING" -> "Ordered";
            case "BACKORDERED" -> "Backordered: waiting for stock";
            case "CHARGED" -> "Charged, shipping soon";
            case "SHIPPED" -> "Shipped";
            case "PAYMENT_FAILED" -> "Payment failed";
            case "CANCELLED" -> "Cancelled";
            case "FORWARDED" -> "Handed to Amazon";
            default -> state;
        };
    }

    public boolean backordered() {
        return "BACKORDERED".equals(state);
    }

    public boolean paymentFailed() {
        return "PAYMENT_FAILED".equals(state);
    }

    /** The customer may ask for a backordered order to be cancelled, once. */
    public boolean mayRequestCancellation() {
        return backordered() && requestStatus == null;
    }

    public String amountText() {
        if (amountCents != null) {
            return Money.usd(amountCents.longValue());
        }
        return "FORWARDED".equals(state) ? "Charged by Amazon" : "Not charged yet";
    }
}
