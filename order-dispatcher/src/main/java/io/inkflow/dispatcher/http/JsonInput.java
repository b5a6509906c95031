package io.inkflow.dispatcher.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates one JSON object of a request body, collecting every problem before answering,
 * so the caller sees all its mistakes at once. Accessors return null for a missing or invalid value
 * and record why; {@link #validate()} then throws a 400 listing them. Unknown fields are errors too,
 * so a misspelt optional field is not silently dropped.
 */
public final class JsonInput {
    private final JsonNode node;
    private final String path;
    private final List<ApiProblem.FieldError> errors;

    private JsonInput(JsonNode node, String path, List<ApiProblem.FieldError> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    /** Parses a body; an empty body reads as {@code {}}. */
    static JsonInput parse(byte[] body) {
        if (body.length == 0) {
            return new JsonInput(Json.mapper().createObjectNode(), "", new ArrayList<>());
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (JacksonException e) {
            throw ApiProblem.badRequest("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiProblem.badRequest("The body cannot be read");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiProblem.badRequest("The body must be a JSON object");
        }
        return new JsonInput(tree, "", new ArrayList<>());
    }

    /** Records an error found outside this class (for example an unknown model). */
    void error(String field, String message) {
        errors.add(new ApiProblem.FieldError(path + field, message));
    }

    /** Throws a 400 listing every error recorded so far, on this object or its children. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    public void allowOnly(String... fields) {
        Set<String> allowed = Set.of(fields);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                error(name, "unknown field");
            }
        }
    }

    /** A nested object; a missing one records an error and reads as empty (its fields are then not reported). */
    public JsonInput object(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (!value.isObject()) {
            error(field, "must be an object");
            return null;
        }
        return new JsonInput(value, path + field + ".", errors);
    }

    /** A single-line string, trimmed, 1..maxLength characters, without control characters. */
    public String text(String field, boolean required, int maxLength) {
        return string(field, required, maxLength, false);
    }

    /** Like {@link #text} but may contain line breaks and tabs (comments, reasons). */
    public String multilineText(String field, boolean required, int maxLength) {
        return string(field, required, maxLength, true);
    }

    /** A string matching {@code pattern} entirely; {@code shape} says what was expected. */
    String matching(String field, boolean required, Pattern pattern, String shape) {
        String value = string(field, required, 256, false);
        if (value != null && !pattern.matcher(value).matches()) {
            error(field, "must be " + shape);
            return null;
        }
        return value;
    }

    public Integer integer(String field, boolean required, int min, int max) {
        JsonNode value = present(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            error(field, "must be an integer");
            return null;
        }
        int number = value.intValue();
        if (number < min || number > max) {
            error(field, "must be between " + min + " and " + max);
            return null;
        }
        return number;
    }

    public <E extends Enum<E>> E enumValue(String field, boolean required, Class<E> type) {
        String value = string(field, required, 64, false);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(field, "must be one of " + List.of(type.getEnumConstants()));
            return null;
        }
    }

    /** A list of {@code minItems..maxItems} single-line strings of at most {@code maxLength} characters. */
    public List<String> textList(String field, int minItems, int maxItems, int maxLength) {
        JsonNode value = present(field, minItems > 0);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            error(field, "must be an array of strings");
            return null;
        }
        if (value.size() < minItems || value.size() > maxItems) {
            error(field, "must have " + minItems + " to " + maxItems + " items");
            return null;
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String item = checkString(field + "[" + i + "]", value.get(i), maxLength, false);
            if (item == null) {
                return null;
            }
            items.add(item);
        }
        return List.copyOf(items);
    }

    private JsonNode present(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        return value;
    }

    private String string(String field, boolean required, int maxLength, boolean multiline) {
        JsonNode value = present(field, required);
        if (value == null) {
            return null;
        }
        String text = checkString(field, value, maxLength, multiline);
        if (text != null && text.isEmpty()) {
            if (required) {
                error(field, "must not be blank");
            }
            return null;
        }
        return text;
    }

    private String checkString(String field, JsonNode value, int maxLength, boolean multiline) {
        if (!value.isTextual()) {
            error(field, "must be a string");
            return null;
        }
        String text = value.textValue().strip();
        if (text.length() > maxLength) {
            error(field, "must be at most " + maxLength + " characters");
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            boolean allowedBreak = multiline && (ch == '\n' || ch == '\r' || ch == '\t');
            if ((Character.isISOControl(ch) && !allowedBreak) || ch == '\u2028' || ch == '\u2029') {
                error(field, "must not contain control characters");
                return null;
            }
        }
        return text;
    }
}
