package io.inkflow.dispatcher.notify;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateException;
import gg.jte.output.StringOutput;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a notification into a subject, a plain-text and an HTML part from the JTE templates, compiled
 * at build time ({@code src/main/jte/text} and {@code src/main/jte/html}). A text template's first line is
 * {@code Subject: ...}. Values travel in the HTML part escaped, in the subject on one line.
 */
public final class MailRenderer {
    static final String TEXT_PACKAGE = "io.inkflow.dispatcher.notify.jte.text";
    static final String HTML_PACKAGE = "io.inkflow.dispatcher.notify.jte.html";
    private static final String SUBJECT = "Subject: ";

    private final TemplateEngine text = precompiled(ContentType.Plain, TEXT_PACKAGE);
    private final TemplateEngine html = precompiled(ContentType.Html, HTML_PACKAGE);
    private final String siteUrl;

    /** @param siteUrl the public base URL, where customers sign in (links in the mails) */
    public MailRenderer(URI siteUrl) {
        this.siteUrl = Objects.requireNonNull(siteUrl, "siteUrl").toString();
        for (NotificationKind kind : NotificationKind.values()) {
            if (!text.hasTemplate(kind.template()) || !html.hasTemplate(kind.template())) {
                throw new IllegalStateException("Missing text or HTML template " + kind.template());
            }
        }
    }

    /** A rendered mail. */
    public record Rendered(String subject, String text, String html) {
    }

    /**
     * @param name        the account holder's current name
     * @param unsubscribe the one-click unsubscribe link of an optional mail; null for a service mail
     * @throws IllegalArgumentException when a value the template needs is missing (a bug: do not retry)
     */
    public Rendered render(NotificationKind kind, Map<String, String> values, String name, URI unsubscribe) {
        MailModel model = new MailModel(kind, values, name, siteUrl, unsubscribe == null ? null : unsubscribe.toString(),
                null);
        String rendered = render(text, kind.template(), model);
        int newline = rendered.indexOf('\n');
        if (newline < 0 || !rendered.startsWith(SUBJECT)) {
            throw new IllegalStateException("Template text/" + kind.template() + " must start with '" + SUBJECT + "'");
        }
        // a subject must stay one line whatever a value contains (header injection)
        String subject = rendered.substring(SUBJECT.length(), newline).replaceAll("[\\r\\n]+", " ").strip();
        String body = rendered.substring(newline + 1).stripTrailing() + "\n";
        return new Rendered(subject, body, render(html, kind.template(), model.withSubject(subject)));
    }

    /** An HTML page from the HTML root (the unsubscribe pages). */
    String page(String template, Object model) {
        return render(html, template, model);
    }

    private static String render(TemplateEngine engine, String template, Object model) {
        StringOutput out = new StringOutput();
        try {
            engine.render(template, model, out);
        } catch (TemplateException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof IllegalArgumentException missing) {
                    throw new IllegalArgumentException(missing.getMessage(), e);
                }
            }
            throw e;
        }
        return out.toString();
    }

    private static TemplateEngine precompiled(ContentType type, String packageName) {
        return TemplateEngine.createPrecompiled(null, type, MailRenderer.class.getClassLoader(), packageName);
    }
}
