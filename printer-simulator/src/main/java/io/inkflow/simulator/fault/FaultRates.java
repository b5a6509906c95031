package io.inkflow.simulator.fault;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The rate of each fault (see {@link FaultKind} for what each rate counts), the share of a fleet a
 * reconnect storm drops, and the largest clock skew.
 */
public record FaultRates(Map<FaultKind, Double> rates, double stormFraction, Duration maxSkew) {
    public FaultRates {
        Map<FaultKind, Double> copy = new EnumMap<>(FaultKind.class);
        copy.putAll(rates);
        copy.forEach((kind, rate) -> {
            if (rate < 0 || (kind != FaultKind.RECONNECT_STORM && rate > 1)) {
                throw new IllegalArgumentException("rate of " + kind.key() + " must be within 0..1, was " + rate);
            }
        });
        rates = Map.copyOf(copy);
        Objects.requireNonNull(maxSkew, "maxSkew");
        if (stormFraction < 0 || stormFraction > 1) {
            throw new IllegalArgumentException("stormFraction must be within 0..1");
        }
    }

    public static FaultRates none() {
        return new FaultRates(Map.of(), 0.3, Duration.ofMinutes(10));
    }

    public double rate(FaultKind kind) {
        return rates.getOrDefault(kind, 0.0);
    }

    public boolean any() {
        return rates.values().stream().anyMatch(r -> r > 0);
    }

    public FaultRates with(FaultKind kind, double rate) {
        Map<FaultKind, Double> copy = new EnumMap<>(FaultKind.class);
        copy.putAll(rates);
        copy.put(kind, rate);
        return new FaultRates(copy, stormFraction, maxSkew);
    }

    /** Parses {@code dup=0.05,reorder=0.02,storm=0.5}; an empty string means no faults. */
    public static FaultRates parse(String spec, double stormFraction, Duration maxSkew) {
        Map<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("Fault '" + part + "' must be name=rate");
                }
                try {
                    rates.put(FaultKind.fromKey(kv[0].trim()), Double.parseDouble(kv[1].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Rate of fault '" + kv[0] + "' is not a number: " + kv[1]);
                }
            }
        }
        return new FaultRates(rates, stormFraction, maxSkew);
    }
}
