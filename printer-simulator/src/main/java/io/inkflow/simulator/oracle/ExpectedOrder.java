package io.inkflow.simulator.oracle;

import io.inkflow.schemas.OrderTrigger;
import java.util.Objects;

/**
 * An order the system must hold: a genuine cartridge reached its slot's threshold, or (when the oracle
 * models the streams forecast) its forecast ran short, or it was consolidated with a slot that was due.
 *
 * @param serial         printer serial
 * @param slot           supply slot
 * @param sku            the slot's SKU
 * @param depletionCycle 1 for the first order of this slot within the enrollment, then 2, 3, ...
 * @param enrollmentId   the enrollment the order belongs to
 * @param orderId        {@code OrderIds.derive(enrollmentId, serial, slot, depletionCycle)}
 * @param cartridgeId    the cartridge that ran low
 * @param bootEpoch      epoch of the report that ordered it
 * @param sequence       sequence of that report
 * @param certain        false when that report was never acknowledged by the gateway (the run ended
 *                       first): the order may or may not exist, and either is correct
 * @param trigger        THRESHOLD, FORECAST or CONSOLIDATED (THRESHOLD when read from an older report)
 * @param groupId        {@code OrderIds.group(...)} of the report's orders when they form a group, else null
 * @param groupSize      how many orders the group has, null when not grouped
 */
public record ExpectedOrder(String serial, String slot, String sku, int depletionCycle, String enrollmentId,
                            String orderId, String cartridgeId, long bootEpoch, long sequence, boolean certain,
                            OrderTrigger trigger, String groupId, Integer groupSize) {
    public ExpectedOrder {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(orderId, "orderId");
        if (depletionCycle < 1) {
            throw new IllegalArgumentException("depletionCycle starts at 1");
        }
        if (trigger == null) {
            trigger = OrderTrigger.THRESHOLD;
        }
        if ((groupId == null) != (groupSize == null) || groupSize != null && groupSize < 2) {
            throw new IllegalArgumentException("a group has an id and at least 2 orders, was " + groupId + " of "
                    + groupSize);
        }
    }

    /** A threshold order, not grouped. */
    public static ExpectedOrder threshold(String serial, String slot, String sku, int depletionCycle,
                                          String enrollmentId, String orderId, String cartridgeId, long bootEpoch,
                                          long sequence) {
        return new ExpectedOrder(serial, slot, sku, depletionCycle, enrollmentId, orderId, cartridgeId, bootEpoch,
                sequence, true, OrderTrigger.THRESHOLD, null, null);
    }

    public ExpectedOrder uncertain() {
        return new ExpectedOrder(serial, slot, sku, depletionCycle, enrollmentId, orderId, cartridgeId, bootEpoch,
                sequence, false, trigger, groupId, groupSize);
    }

    public ExpectedOrder inGroup(String id, int size) {
        return new ExpectedOrder(serial, slot, sku, depletionCycle, enrollmentId, orderId, cartridgeId, bootEpoch,
                sequence, certain, trigger, id, size);
    }

    public OrderKey key() {
        return new OrderKey(serial, slot, depletionCycle);
    }
}
