package io.inkflow.simulator.oracle;

import java.util.Objects;

/**
 * An order the system must hold because a genuine cartridge reached its slot's threshold.
 *
 * @param serial         printer serial
 * @param slot           supply slot
 * @param sku            the slot's SKU
 * @param depletionCycle 1 for the first order of this slot within the enrollment, then 2, 3, ...
 * @param enrollmentId   the enrollment the order belongs to
 * @param orderId        {@code OrderIds.derive(enrollmentId, serial, slot, depletionCycle)}
 * @param cartridgeId    the cartridge that ran low
 * @param bootEpoch      epoch of the report that first showed it low
 * @param sequence       sequence of that report
 * @param certain        false when that report was never acknowledged by the gateway (the run ended
 *                       first): the order may or may not exist, and either is correct
 */
public record ExpectedOrder(String serial, String slot, String sku, int depletionCycle, String enrollmentId,
                            String orderId, String cartridgeId, long bootEpoch, long sequence, boolean certain) {
    public ExpectedOrder {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(orderId, "orderId");
        if (depletionCycle < 1) {
            throw new IllegalArgumentException("depletionCycle starts at 1");
        }
    }

    public ExpectedOrder uncertain() {
        return new ExpectedOrder(serial, slot, sku, depletionCycle, enrollmentId, orderId, cartridgeId, bootEpoch,
                sequence, false);
    }

    public OrderKey key() {
        return new OrderKey(serial, slot, depletionCycle);
    }
}
