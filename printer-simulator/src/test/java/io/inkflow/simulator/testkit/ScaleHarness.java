package io.inkflow.simulator.testkit;

import io.inkflow.simulator.TestFleets;
import io.inkflow.simulator.fleet.Fleet;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Manual scale check, not a test: {@code fleet <file> <n>} writes a fleet of n printers with
 * made-up credentials; {@code acceptor <fleet file>} serves it with {@link MiniMqttAcceptor} in
 * its own process (one process may open 20,000 files, so client and server sockets of 10,000
 * printers cannot share one) and prints its port and counters. See docs/benchmarks/printer-simulator.md.
 */
public final class ScaleHarness {
    private ScaleHarness() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fleet" -> {
                Fleet fleet = TestFleets.fleet(Long.parseLong(args.length > 3 ? args[3] : "7"), Integer.parseInt(args[2]));
                fleet.save(Path.of(args[1]));
                System.out.println("fleet of " + fleet.size() + " written to " + args[1]);
            }
            case "acceptor" -> {
                Fleet fleet = Fleet.load(Path.of(args[1]));
                AtomicLong reports = new AtomicLong();
                try (MiniMqttAcceptor acceptor = new MiniMqttAcceptor(TestFleets.secrets(fleet), r -> reports.incrementAndGet())) {
                    System.out.println("port " + acceptor.port());
                    while (true) {
                        Thread.sleep(5000);
                        System.out.printf("connects %d refused %d accepted %d rejected %d%n", acceptor.connects.get(),
                                acceptor.refused.get(), acceptor.accepted.get(), acceptor.rejected.get());
                    }
                }
            }
            default -> throw new IllegalArgumentException("fleet <file> <n> | acceptor <fleet file>");
        }
    }
}
