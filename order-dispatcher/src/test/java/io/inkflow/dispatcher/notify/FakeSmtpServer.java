package io.inkflow.dispatcher.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback SMTP server that accepts every message and keeps it, for tests. */
public final class FakeSmtpServer implements AutoCloseable {

    /** One received message: envelope, raw data and the decoded body. */
    public record Received(String mailFrom, String rcptTo, String data) {
        public String decodedBody() {
            int blank = data.indexOf("\r\n\r\n");
            return new String(Base64.getMimeDecoder().decode(data.substring(blank + 4).strip()), StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public FakeSmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = Thread.ofPlatform().daemon(true).start(this::serve);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public List<Received> received() {
        return received;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException e) {
                // closed or a client hung up: next connection
            }
        }
    }

    private void converse(Socket client) throws IOException {
        var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        reply(out, "220 fake ESMTP");
        String from = null;
        String to = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("EHLO")) {
                reply(out, "250-fake\r\n250 8BITMIME");
            } else if (line.startsWith("MAIL FROM:")) {
                from = line.substring(10);
                reply(out, "250 ok");
            } else if (line.startsWith("RCPT TO:")) {
                to = line.substring(8);
                reply(out, "250 ok");
            } else if (line.equals("DATA")) {
                reply(out, "354 go ahead");
                List<String> data = new ArrayList<>();
                String d;
                while ((d = in.readLine()) != null && !d.equals(".")) {
                    data.add(d);
                }
                received.add(new Received(from, to, String.join("\r\n", data)));
                reply(out, "250 queued");
            } else if (line.equals("QUIT")) {
                reply(out, "221 bye");
                return;
            } else {
                reply(out, "500 unknown");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.close();
        thread.join(5_000);
    }
}
