package io.inkflow.dispatcher.notify;

import java.io.IOException;
import java.sql.Connection;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Delivers by SMTP. At-least-once by nature (the relay may accept the message and the commit marking it
 * sent may then fail); the Message-ID is the notification id, so a resend is recognisable as the same mail.
 */
public final class SmtpMailer implements Mailer {
    private final SmtpClient client;
    private final Clock clock;

    public SmtpMailer(SmtpClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public String channel() {
        return "SMTP";
    }

    @Override
    public void deliver(Connection c, PendingNotification n) throws IOException {
        client.send(n.recipient(), n.subject(), n.body(), n.notificationId().toString(),
                clock.instant().atZone(ZoneOffset.UTC));
    }
}
