package io.inkflow.stack.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When each fault happens: the faults of all kinds interleaved (one of each kind in turn, so no kind
 * is bunched at the end) and spread evenly over the fault window, none at its very start or end.
 * Kinds take their turn in the order given (see {@link ChaosConfig#faultKinds()} for why that order).
 */
public final class FaultPlan {
    private FaultPlan() {
    }

    /** A fault and its offset from the start of the fleet run. */
    public record Event(Duration at, Fault fault) {
    }

    /** A kind of fault and how many times it happens in a run. */
    public record Repeat(Fault fault, int times) {
        public Repeat {
            if (times < 0) {
                throw new IllegalArgumentException("A fault cannot happen " + times + " times");
            }
        }
    }

    public static List<Event> spread(Duration window, List<Repeat> kinds) {
        List<Fault> order = new ArrayList<>();
        int turns = kinds.stream().mapToInt(Repeat::times).max().orElse(0);
        for (int turn = 0; turn < turns; turn++) {
            for (Repeat kind : kinds) {
                if (turn < kind.times()) {
                    order.add(kind.fault());
                }
            }
        }
        List<Event> events = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            events.add(new Event(window.multipliedBy(i + 1).dividedBy(order.size() + 1), order.get(i)));
        }
        return List.copyOf(events);
    }
}
