package io.inkflow.dispatcher.notify;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/** Delivers one notification. Runs inside the transaction that marks it sent. */
public interface Mailer {

    /** The channel name stored on the notification: SMTP or MAILBOX. */
    String channel();

    void deliver(Connection c, PendingNotification notification) throws IOException, SQLException;
}
