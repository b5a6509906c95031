package io.inkflow.simulator.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.MessageSchema;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.TelemetryReport;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A minimal MQTT 3.1.1 acceptor standing in for the gateway in tests: CONNECT with username and
 * password, QoS 1 PUBLISH on {@code printers/{username}/telemetry} (anything else closes the
 * connection, as the gateway does for 3.1.1), PUBACK after the report was validated and handed to
 * the consumer, PINGREQ. Invalid reports are acknowledged and not passed on, like the gateway's
 * rejected records. One virtual thread per connection.
 */
public final class MiniMqttAcceptor implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, String> secrets;
    private final Consumer<TelemetryReport> sink;
    private final SchemaValidator validator = new SchemaValidator();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    public final AtomicInteger connects = new AtomicInteger();
    public final AtomicInteger refused = new AtomicInteger();
    public final AtomicInteger accepted = new AtomicInteger();
    public final AtomicInteger rejected = new AtomicInteger();
    public final AtomicInteger dupFlags = new AtomicInteger();
    public final AtomicInteger wrongTopic = new AtomicInteger();
    public final List<String> refusedFrom = java.util.Collections.synchronizedList(new ArrayList<>());
    /** While set, PUBLISHes are read and counted but not acknowledged: a test can hold them in flight. */
    public volatile boolean holdAcks;

    public MiniMqttAcceptor(Map<String, String> secrets, Consumer<TelemetryReport> sink) throws IOException {
        this.secrets = Map.copyOf(secrets);
        this.sink = sink;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Drops every open connection, as a restart of the gateway would. */
    public void dropAll() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String username = null;
            while (true) {
                int header = in.readUnsignedByte();
                int length = remainingLength(in);
                byte[] body = new byte[length];
                in.readFully(body);
                int type = header >> 4;
                if (username == null && type != 1) {
                    return;
                }
                switch (type) {
                    case 1 -> {
                        username = connect(body, socket);
                        boolean ok = username != null;
                        out.write(new byte[] {0x20, 0x02, 0x00, (byte) (ok ? 0 : 5)});
                        out.flush();
                        if (!ok) {
                            return;
                        }
                    }
                    case 3 -> {
                        if (!publish(header, body, username, out)) {
                            return;
                        }
                    }
                    case 12 -> {
                        out.write(new byte[] {(byte) 0xD0, 0x00});
                        out.flush();
                    }
                    case 14 -> {
                        return;
                    }
                    default -> {
                        return;
                    }
                }
            }
        } catch (EOFException e) {
            // Client went away.
        } catch (IOException e) {
            // Reset by peer or closed by dropAll.
        } finally {
            open.remove(socket);
        }
    }

    private String connect(byte[] body, Socket socket) {
        Reader r = new Reader(body);
        r.string(); // protocol name
        r.u8(); // level
        int flags = r.u8();
        r.u16(); // keep alive
        r.string(); // client id
        if ((flags & 0x04) != 0) {
            r.string();
            r.binary();
        }
        String user = (flags & 0x80) != 0 ? r.string() : null;
        String password = (flags & 0x40) != 0 ? new String(r.binary(), StandardCharsets.UTF_8) : null;
        if (user != null && password != null && password.equals(secrets.get(user))) {
            connects.incrementAndGet();
            return user;
        }
        refused.incrementAndGet();
        refusedFrom.add(socket.getInetAddress().getHostAddress());
        return null;
    }

    private boolean publish(int header, byte[] body, String username, OutputStream out) throws IOException {
        int qos = (header >> 1) & 3;
        if ((header & 0x08) != 0) {
            dupFlags.incrementAndGet();
        }
        Reader r = new Reader(body);
        String topic = r.string();
        int packetId = qos > 0 ? r.u16() : 0;
        byte[] payload = r.rest();
        if (!topic.equals("printers/" + username + "/telemetry")) {
            wrongTopic.incrementAndGet();
            return false;
        }
        TelemetryReport report = valid(payload, username);
        if (report != null) {
            accepted.incrementAndGet();
            sink.accept(report);
        } else {
            rejected.incrementAndGet();
        }
        if (qos == 1 && !holdAcks) {
            synchronized (out) {
                out.write(new byte[] {0x40, 0x02, (byte) (packetId >> 8), (byte) packetId});
                out.flush();
            }
        }
        return true;
    }

    private TelemetryReport valid(byte[] payload, String username) {
        try {
            JsonNode node = Json.mapper().readTree(payload);
            if (node == null || !validator.validate(MessageSchema.TELEMETRY_REPORT, node).isEmpty()) {
                return null;
            }
            TelemetryReport report = Json.mapper().treeToValue(node, TelemetryReport.class);
            return report.serial().equals(username) ? report : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.readUnsignedByte();
            value += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        return value;
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
        threads.shutdownNow();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        int u8() {
            return data[pos++] & 0xFF;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        byte[] binary() {
            int length = u16();
            byte[] value = java.util.Arrays.copyOfRange(data, pos, pos + length);
            pos += length;
            return value;
        }

        String string() {
            return new String(binary(), StandardCharsets.UTF_8);
        }

        byte[] rest() {
            return java.util.Arrays.copyOfRange(data, pos, data.length);
        }
    }
}
