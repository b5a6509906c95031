package io.inkflow.dispatcher.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.time.format.DateTimeFormatter;

/**
 * A minimal SMTP client (RFC 5321: EHLO, MAIL, RCPT, DATA, QUIT) over a plain socket for a trusted relay.
 * No STARTTLS or AUTH: the dispatcher hands mail to a relay in its own network (a local MTA or a mail
 * gateway), which does the onward delivery. Kept to the JDK on purpose, see the module README.
 */
public final class SmtpClient {
    private static final int TIMEOUT_MILLIS = 10_000;

    private final String host;
    private final int port;
    private final String from;

    public SmtpClient(String host, int port, String from) {
        this.host = host;
        this.port = port;
        this.from = from;
    }

    /**
     * Sends one plain-text message. {@code messageId} becomes the Message-ID header, so a resend after a
     * crash carries the same id and mail clients and relays can drop the duplicate.
     */
    public void send(String to, String subject, String body, String messageId, ZonedDateTime date) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            expect(in, 220);
            command(out, in, "EHLO inkflow-dispatcher", 250);
            command(out, in, "MAIL FROM:<" + address(from) + ">", 250);
            command(out, in, "RCPT TO:<" + address(to) + ">", 250);
            command(out, in, "DATA", 354);
            write(out, message(to, subject, body, messageId, date));
            write(out, ".\r\n");
            expect(in, 250);
            command(out, in, "QUIT", 221);
        }
    }

    /**
     * The message with its headers. The body travels base64-encoded, so neither non-ASCII text nor a line
     * starting with a dot can break the SMTP DATA framing; the subject is RFC 2047 encoded.
     */
    String message(String to, String subject, String body, String messageId, ZonedDateTime date) {
        String crlfBody = body.replace("\r\n", "\n").replace("\n", "\r\n");
        String encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(crlfBody.getBytes(StandardCharsets.UTF_8));
        return "From: " + oneLine(from) + "\r\n"
                + "To: <" + address(to) + ">\r\n"
                + "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(oneLine(subject).getBytes(StandardCharsets.UTF_8))
                + "?=\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(date) + "\r\n"
                + "Message-ID: <" + messageId + "@inkflow>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + encoded + "\r\n";
    }

    /** Extracts the bare address from {@code Name <addr>}. */
    static String address(String mailbox) {
        int open = mailbox.indexOf('<');
        int close = mailbox.indexOf('>');
        String bare = open >= 0 && close > open ? mailbox.substring(open + 1, close) : mailbox;
        bare = bare.strip();
        if (bare.isEmpty() || bare.contains("\r") || bare.contains("\n") || bare.contains(" ")) {
            throw new IllegalArgumentException("Not a mail address: " + mailbox);
        }
        return bare;
    }

    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n]+", " ");
    }

    private static void command(OutputStream out, BufferedReader in, String line, int expected) throws IOException {
        write(out, line + "\r\n");
        expect(in, expected);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads a (possibly multi-line) reply and checks its code. */
    private static void expect(BufferedReader in, int expected) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("SMTP server closed the connection, expected " + expected);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(String.valueOf(expected))) {
            throw new IOException("SMTP expected " + expected + " but got: " + line);
        }
    }

}
