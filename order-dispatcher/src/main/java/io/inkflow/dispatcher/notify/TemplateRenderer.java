package io.inkflow.dispatcher.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the plain-text templates. A template's first line is {@code Subject: ...}; placeholders are
 * {@code {{name}}}. A placeholder without a value is a bug and fails loudly rather than mailing "{{name}}".
 */
public final class TemplateRenderer {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

    private final Map<NotificationKind, String> templates = new EnumMap<>(NotificationKind.class);

    /** Loads every template from the classpath once. */
    public TemplateRenderer() {
        for (NotificationKind kind : NotificationKind.values()) {
            templates.put(kind, load(kind.templateResource()));
        }
    }

    /** A rendered message. */
    public record Message(String subject, String body) {
    }

    public Message render(NotificationKind kind, Map<String, String> values) {
        String text = templates.get(kind);
        int newline = text.indexOf('\n');
        String subjectLine = text.substring(0, newline);
        if (!subjectLine.startsWith("Subject: ")) {
            throw new IllegalStateException("Template " + kind + " must start with 'Subject: '");
        }
        // a subject must stay one line whatever a value contains (header injection)
        String subject = fill(subjectLine.substring("Subject: ".length()), values, kind).replaceAll("[\\r\\n]+", " ");
        String body = fill(text.substring(newline + 1), values, kind);
        return new Message(subject.strip(), body);
    }

    private static String fill(String template, Map<String, String> values, NotificationKind kind) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("No value for {{" + m.group(1) + "}} in " + kind);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String load(String resource) {
        try (InputStream in = TemplateRenderer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing template " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
