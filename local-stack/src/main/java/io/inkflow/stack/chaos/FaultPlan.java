package io.inkflow.stack.chaos;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * When each fault happens: the faults of all kinds interleaved (one of each kind in turn, so no kind
 * is bunched at the end) and spread evenly over the fault window, none at its very start or end.
 * The dispatcher is not first in a turn: its first process is the one whose payment calls time
 * out, and it should live long enough to meet some.
 */
public final class FaultPlan {
    private FaultPlan() {
    }

    /** A fault and its offset from the start of the fleet run. */
    public record Event(Duration at, Fault fault) {
    }

    public static List<Event> spread(Duration window, int gatewayKills, int streamsKills, int dispatcherKills,
                                     int postgresRestarts) {
        List<Deque<Fault>> kinds = List.of(
                repeat(new Fault.Kill(Service.GATEWAY), gatewayKills),
                repeat(new Fault.RestartPostgres(), postgresRestarts),
                repeat(new Fault.Kill(Service.DISPATCHER), dispatcherKills),
                repeat(new Fault.Kill(Service.STREAMS), streamsKills));
        List<Fault> order = new ArrayList<>();
        boolean any = true;
        while (any) {
            any = false;
            for (Deque<Fault> kind : kinds) {
                if (!kind.isEmpty()) {
                    order.add(kind.poll());
                    any = true;
                }
            }
        }
        List<Event> events = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            events.add(new Event(window.multipliedBy(i + 1).dividedBy(order.size() + 1), order.get(i)));
        }
        return List.copyOf(events);
    }

    private static Deque<Fault> repeat(Fault fault, int times) {
        Deque<Fault> faults = new ArrayDeque<>();
        for (int i = 0; i < times; i++) {
            faults.add(fault);
        }
        return faults;
    }
}
