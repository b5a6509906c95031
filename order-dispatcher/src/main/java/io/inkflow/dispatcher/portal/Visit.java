package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.portal.auth.Sessions.Session;
import io.inkflow.dispatcher.portal.view.Frame;
import java.time.Instant;

/**
 * One request to a page: who is signed in (null when nobody), the CSRF token its forms carry, the time
 * and the client's address.
 */
public record Visit(Session session, String csrf, Instant now, String clientAddress, String notice) {

    public boolean signedIn() {
        return session != null;
    }

    /** The signed-in account; only called on account pages, where a session is guaranteed. */
    public String accountId() {
        return session.accountId();
    }

    public Frame frame(String title, String current) {
        Frame.Viewer viewer = session == null ? null
                : new Frame.Viewer(session.name(), session.email(), session.emailVerified());
        return new Frame(title, current, viewer, csrf, notice);
    }
}
