package io.inkflow.schemas.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Ports for processes that bind them later come from below the ephemeral range, and are free and distinct. */
class FreePortsTest {
    @Test
    void givesDistinctFreePortsBelowTheEphemeralRange() throws IOException {
        int ephemeralStart = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .getFirst().trim().split("\\s+")[0]);

        int[] ports = FreePorts.pick(20);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(20);
        assertThat(Arrays.stream(ports).boxed().toList())
                .allSatisfy(port -> assertThat(port).isBetween(10_000, ephemeralStart - 1));
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
