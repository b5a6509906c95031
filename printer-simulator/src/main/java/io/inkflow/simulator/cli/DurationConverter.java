package io.inkflow.simulator.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Parses {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 3d} or ISO-8601 ({@code PT10M}). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String v = value.trim().toLowerCase();
        try {
            if (v.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase());
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new CommandLine.TypeConversionException("Unknown unit in duration '" + value + "'");
            };
        } catch (RuntimeException e) {
            if (e instanceof CommandLine.TypeConversionException conversion) {
                throw conversion;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (examples: 30s, 10m, 2h, 3d)");
        }
    }
}
