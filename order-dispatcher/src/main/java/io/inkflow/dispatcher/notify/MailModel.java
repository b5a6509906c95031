package io.inkflow.dispatcher.notify;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a mail template sees: the values stored with the notification, the account's current name, and the
 * links. A value the template asks for but the notification lacks is a bug and fails the rendering loudly
 * rather than mailing an empty gap.
 */
public final class MailModel {
    private final NotificationKind kind;
    private final Map<String, String> values;
    private final String name;
    private final String siteUrl;
    private final String unsubscribeUrl;
    private final String subject;

    MailModel(NotificationKind kind, Map<String, String> values, String name, String siteUrl, String unsubscribeUrl,
              String subject) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.values = Map.copyOf(values);
        this.name = Objects.requireNonNull(name, "name");
        this.siteUrl = Objects.requireNonNull(siteUrl, "siteUrl");
        this.unsubscribeUrl = unsubscribeUrl;
        this.subject = subject;
    }

    /** The value of a placeholder; fails when the notification does not carry it. */
    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("No value for '" + key + "' in " + kind);
        }
        return value;
    }

    /** True when the notification carries this value: a template's branch for an order group, say. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** A value that holds one item per line (the cartridges of an order group). */
    public List<String> lines(String key) {
        return List.of(get(key).split("\n"));
    }

    /** The account holder's current name. */
    public String name() {
        return name;
    }

    /** The public site, where the customer signs in to act. */
    public String siteUrl() {
        return siteUrl;
    }

    /** The one-click unsubscribe link of an optional mail; null for a service mail. */
    public String unsubscribeUrl() {
        return unsubscribeUrl;
    }

    /** The rendered subject (known to the HTML part, which is rendered after the text). */
    public String subject() {
        return subject;
    }

    MailModel withSubject(String rendered) {
        return new MailModel(kind, values, name, siteUrl, unsubscribeUrl, rendered);
    }
}
