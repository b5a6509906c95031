package io.inkflow.dispatcher.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Delivers rendered notifications. Runs inside the transaction that marks them sent. */
public interface Mailer {

    MailChannel channel();

    /** False for a mailer that keeps mail without an address (the local mailbox); true for a real one. */
    default boolean requiresRecipient() {
        return true;
    }

    /**
     * Delivers every mail it can. Returns why each one that was not delivered failed, by notification id;
     * those stay in the outbox and are retried.
     */
    Map<UUID, String> deliverAll(Connection c, List<OutgoingMail> mails) throws SQLException;
}
