package io.inkflow.dispatcher.shipping;

import java.util.Objects;

/** A postal address as the carrier needs it; line2 and region may be null. */
public record Address(String name, String line1, String line2, String city, String region, String postalCode,
                      String country) {
    public Address {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(line1, "line1");
        Objects.requireNonNull(city, "city");
        Objects.requireNonNull(postalCode, "postalCode");
        Objects.requireNonNull(country, "country");
    }
}
