package io.inkflow.simulator.oracle;

/**
 * An order as the dispatcher's API returns it, reduced to what the comparison needs.
 *
 * @param groupId   the order group it ships with, null when it is not grouped
 * @param groupSize how many orders that group has, null when not grouped
 */
public record ActualOrder(String orderId, String serial, String slot, int depletionCycle, String trigger,
                          String state, String groupId, Integer groupSize) {
    /** An order that belongs to no group. */
    public ActualOrder(String orderId, String serial, String slot, int depletionCycle, String trigger, String state) {
        this(orderId, serial, slot, depletionCycle, trigger, state, null, null);
    }

    public OrderKey key() {
        return new OrderKey(serial, slot, depletionCycle);
    }

    public boolean forecast() {
        return "FORECAST".equals(trigger);
    }

    public boolean consolidated() {
        return "CONSOLIDATED".equals(trigger);
    }
}
