package io.inkflow.schemas.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Typed reads of environment variables, with the one set of rules every InkFlow process follows
 * (docs/configuration.md):
 * <ul>
 *   <li>an absent or blank variable is unset: it takes the default, and a required one fails;</li>
 *   <li>a value is trimmed;</li>
 *   <li>a boolean is {@code true} or {@code false} in any case, nothing else;</li>
 *   <li>an enum is one of its constants in any case, {@code -} standing for {@code _};</li>
 *   <li>a value that does not parse fails with an {@link IllegalArgumentException} naming the variable.</li>
 * </ul>
 * A method without a default reads a required variable; with one, an optional variable (a default of
 * {@code null} for a reference type means "not set").
 */
public final class Env {
    private static final String WHOLE_NUMBER = "a whole number";
    private static final String BOOLEAN = "true or false";

    private final Map<String, String> variables;
    private final Map<String, String> defaults;

    /** Reads {@code variables}; defaults are given per read. */
    public Env(Map<String, String> variables) {
        this(variables, Map.of());
    }

    /** Reads {@code variables}, falling back to {@code defaults} for a variable that is unset. */
    public Env(Map<String, String> variables, Map<String, String> defaults) {
        this.variables = Objects.requireNonNull(variables, "variables");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    public String string(String name) {
        return required(name, value(name));
    }

    public String string(String name, String fallback) {
        return orElse(value(name), fallback);
    }

    public int integer(String name) {
        return required(name, read(name, Integer::parseInt, WHOLE_NUMBER));
    }

    public int integer(String name, int fallback) {
        return orElse(read(name, Integer::parseInt, WHOLE_NUMBER), fallback);
    }

    public long longValue(String name) {
        return required(name, read(name, Long::parseLong, WHOLE_NUMBER));
    }

    public long longValue(String name, long fallback) {
        return orElse(read(name, Long::parseLong, WHOLE_NUMBER), fallback);
    }

    public double decimal(String name, double fallback) {
        return orElse(read(name, Double::parseDouble, "a number"), fallback);
    }

    public boolean bool(String name) {
        return required(name, read(name, Env::parseBoolean, BOOLEAN));
    }

    public boolean bool(String name, boolean fallback) {
        return orElse(read(name, Env::parseBoolean, BOOLEAN), fallback);
    }

    /** A whole number of {@code unit}s, for a variable named after its unit ({@code ..._MS}, {@code ..._SECONDS}). */
    public Duration duration(String name, ChronoUnit unit) {
        return Duration.of(longValue(name), unit);
    }

    public Duration duration(String name, ChronoUnit unit, long fallback) {
        return Duration.of(longValue(name, fallback), unit);
    }

    public <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String expected = "one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT);
        return orElse(read(name, value -> Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_')),
                expected), fallback);
    }

    public Path path(String name, Path fallback) {
        return orElse(read(name, Path::of, "a path"), fallback);
    }

    /** An absolute URL, such as {@code https://api.example.com}. */
    public URI uri(String name, String fallback) {
        return orElse(read(name, Env::absoluteUri, "an absolute URL"), fallback == null ? null : URI.create(fallback));
    }

    /** A comma-separated list, empty when unset. */
    public List<String> list(String name) {
        String value = value(name);
        return value == null ? List.of() : Arrays.stream(value.split(","))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** The parsed value, null when unset. */
    private <T> T read(String name, Function<String, T> parser, String expected) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be " + expected + ", was '" + value + "'", e);
        }
    }

    private static <T> T required(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private String value(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            value = defaults.get(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static URI absoluteUri(String value) {
        URI uri = URI.create(value);
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("not absolute: " + value);
        }
        return uri;
    }
}
