package io.inkflow.dispatcher.account;

import java.util.Objects;

/** A shipping address; {@code line2} and {@code region} are optional. Validated at the API boundary. */
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
