package io.inkflow.simulator.oracle;

/** An order as the dispatcher's API returns it, reduced to what the comparison needs. */
public record ActualOrder(String orderId, String serial, String slot, int depletionCycle, String trigger,
                          String state) {
    public OrderKey key() {
        return new OrderKey(serial, slot, depletionCycle);
    }

    public boolean forecast() {
        return "FORECAST".equals(trigger);
    }
}
