package io.inkflow.simulator.run;

/** Token bucket for new connections, refilled by the tick thread, which is its only user. */
final class ConnectBudget {
    private final double perSecond;
    private final double capacity;
    private double tokens;

    ConnectBudget(double perSecond) {
        this.perSecond = perSecond;
        this.capacity = Math.max(1, perSecond);
        this.tokens = Math.min(capacity, Math.max(1, perSecond / 10));
    }

    void refill(double seconds) {
        tokens = Math.min(capacity, tokens + perSecond * seconds);
    }

    boolean tryAcquire() {
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
