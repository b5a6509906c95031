package io.inkflow.dispatcher.order;

/** What the customer pays: the SKU's price at shipment less the promotion active at order creation. */
public final class Pricing {
    private Pricing() {
    }

    /**
     * @param priceCents     list price at shipment time
     * @param percentOff     the promotion's percentage, or null for none
     * @return the amount, rounded half up to the cent
     */
    public static long amountCents(long priceCents, Integer percentOff) {
        if (priceCents <= 0) {
            throw new IllegalArgumentException("priceCents must be positive, was " + priceCents);
        }
        if (percentOff == null) {
            return priceCents;
        }
        if (percentOff < 1 || percentOff > 100) {
            throw new IllegalArgumentException("percentOff must be 1..100, was " + percentOff);
        }
        long discount = (priceCents * percentOff + 50) / 100;
        return priceCents - discount;
    }
}
