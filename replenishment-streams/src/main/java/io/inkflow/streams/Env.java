package io.inkflow.streams;

import java.util.Map;

/** Typed reads of environment variables; a bad value fails with the variable's name. */
final class Env {
    private final Map<String, String> env;
    private final Map<String, String> defaults;

    Env(Map<String, String> env, Map<String, String> defaults) {
        this.env = env;
        this.defaults = defaults;
    }

    String string(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            value = defaults.get(name);
        }
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.trim();
    }

    int integer(String name) {
        String value = string(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
        }
    }

    long longValue(String name) {
        String value = string(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
        }
    }

    boolean bool(String name) {
        String value = string(name);
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
        };
    }
}
