package io.inkflow.stack;

import java.util.Map;

/**
 * Reads typed values from an environment map: blank or absent means the default, anything else
 * must parse, and a bad value fails naming the variable.
 */
public final class EnvVars {
    private final Map<String, String> env;

    public EnvVars(Map<String, String> env) {
        this.env = env;
    }

    public int integer(String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", e);
        }
    }

    public double decimal(String name, double fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'", e);
        }
    }

    public boolean bool(String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
        };
    }
}
