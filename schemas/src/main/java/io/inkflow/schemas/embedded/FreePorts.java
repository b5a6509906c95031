package io.inkflow.schemas.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 for processes that bind them later: Kafka nodes, the services a test or benchmark starts,
 * and the same ports again when one of them is restarted.
 */
public final class FreePorts {
    /** The lowest port picked: below it are the well-known and commonly configured ones. */
    private static final int LOWEST_PICKED_PORT = 10_000;

    private FreePorts() {
    }

    /** One port, as {@link #pick} gives them. */
    public static int one() {
        return pick(1)[0];
    }

    /**
     * Distinct free ports on 127.0.0.1, all held open together before any is closed, and taken below the kernel's
     * ephemeral range. A process binds its port a moment (or, restarted on the same port, minutes) later; a port
     * from the ephemeral range, which is where {@code new ServerSocket(0)} draws from, could meanwhile become the
     * local end of some outgoing connection (Kafka's clients open many), and the bind would fail with "Address
     * already in use" (seen in ChaosIT, 2026-12-02).
     */
    public static int[] pick(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            int below = ephemeralRangeStart();
            for (int i = 0; i < count; i++) {
                sockets[i] = bindBelow(below);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // the port is released either way
                    }
                }
            }
        }
    }

    /** A socket bound to a random free port from 10000 to just below {@code below}; any free port if none is. */
    private static ServerSocket bindBelow(int below) throws IOException {
        for (int attempt = 0; attempt < 200 && below > LOWEST_PICKED_PORT; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST_PICKED_PORT, below);
            ServerSocket socket = new ServerSocket();
            try {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return socket;
            } catch (IOException taken) {
                socket.close();
            }
        }
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        socket.setReuseAddress(true);
        return socket;
    }

    /** The first port of the kernel's ephemeral range (Linux; 32768, its default, where it cannot be read). */
    private static int ephemeralRangeStart() {
        try {
            // readAllLines, not readString: procfs reports a size of 0, and readString read only "3" of "32768"
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
