package io.inkflow.dispatcher.portal.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A submitted (or empty) form: its values, and the validation message of each field that failed, which the
 * page shows next to the field and in a summary at the top. The reading methods validate as they read:
 * {@code text("city", "Town or city", true, 80)} returns the trimmed value or records why it cannot be used.
 */
public final class Form {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\r\\n\\t]]");

    private final Map<String, List<String>> values;
    private final Map<String, String> errors = new LinkedHashMap<>();

    private Form(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Form empty() {
        return new Form(new LinkedHashMap<>());
    }

    /** A form from submitted values (every field may repeat, as checkboxes do). */
    public static Form of(Map<String, List<String>> submitted) {
        return new Form(new LinkedHashMap<>(submitted));
    }

    /** A form shown pre-filled, for editing. */
    public static Form filled(Map<String, String> initial) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        initial.forEach((k, v) -> values.put(k, v == null ? List.of() : List.of(v)));
        return new Form(values);
    }

    /** The raw value for redisplay, "" when absent. Passwords are never redisplayed by the templates. */
    public String value(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() || list.getFirst() == null ? "" : list.getFirst();
    }

    public List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    public boolean checked(String name, String option) {
        return values(name).contains(option);
    }

    public String error(String name) {
        return errors.get(name);
    }

    public Map<String, String> errors() {
        return errors;
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** Records a message for a field (the first one per field stays). */
    public Form reject(String field, String message) {
        errors.putIfAbsent(field, message);
        return this;
    }

    /** Trimmed single-line text of at most {@code max} characters; null when optional and blank. */
    public String text(String name, String label, boolean required, int max) {
        String value = value(name).strip();
        if (value.isEmpty()) {
            if (required) {
                reject(name, "Enter " + lowerFirst(label));
            }
            return null;
        }
        if (value.length() > max) {
            reject(name, label + " must be " + max + " characters or fewer");
            return null;
        }
        if (CONTROL.matcher(value).find() || value.contains("\n") || value.contains("\r")) {
            reject(name, label + " must be a single line of text");
            return null;
        }
        return value;
    }

    /** Trimmed text that may span lines (a comment). */
    public String multiline(String name, String label, int max) {
        String value = value(name).strip();
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > max) {
            reject(name, label + " must be " + max + " characters or fewer");
            return null;
        }
        if (CONTROL.matcher(value).find()) {
            reject(name, label + " contains characters that cannot be stored");
            return null;
        }
        return value;
    }

    public String email(String name, String label) {
        String value = text(name, label, true, 254);
        if (value != null && !EMAIL.matcher(value).matches()) {
            reject(name, "Enter an e-mail address in the form name@example.com");
            return null;
        }
        return value;
    }

    /** Text that must match {@code pattern}; {@code hint} says what is expected. */
    public String matching(String name, String label, boolean required, int max, Pattern pattern, String hint) {
        String value = text(name, label, required, max);
        if (value != null && !pattern.matcher(value).matches()) {
            reject(name, hint);
            return null;
        }
        return value;
    }

    /** One of {@code options}; anything else is refused. */
    public String choice(String name, String message, Set<String> options) {
        String value = value(name);
        if (!options.contains(value)) {
            reject(name, message);
            return null;
        }
        return value;
    }

    /** The chosen options among {@code options}, at least {@code min}. */
    public List<String> choices(String name, String message, Set<String> options, int min) {
        List<String> chosen = new ArrayList<>();
        for (String value : values(name)) {
            if (options.contains(value) && !chosen.contains(value)) {
                chosen.add(value);
            }
        }
        if (chosen.size() < min || chosen.size() != values(name).stream().distinct().count()) {
            reject(name, message);
        }
        return chosen;
    }

    public boolean ticked(String name) {
        return !value(name).isEmpty();
    }

    private static String lowerFirst(String label) {
        return Character.toLowerCase(label.charAt(0)) + label.substring(1);
    }
}
