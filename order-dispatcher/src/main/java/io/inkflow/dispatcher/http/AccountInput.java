package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.account.Address;
import io.inkflow.dispatcher.account.NewAccount;
import io.inkflow.dispatcher.account.PaymentMethod;
import java.util.regex.Pattern;

/** Reads and validates the account-related request bodies. */
final class AccountInput {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern POSTAL_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 -]{0,11}");
    private static final Pattern PROVIDER_TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{3,199}");
    /** 12 to 19 digits, with or without separators, is the shape of a card number: never accept one. */
    private static final Pattern CARD_NUMBER = Pattern.compile("[0-9]{12,19}");
    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");
    private static final Pattern BRAND = Pattern.compile("[A-Za-z][A-Za-z0-9 _-]{0,31}");

    private AccountInput() {
    }

    static NewAccount newAccount(JsonInput in) {
        in.allowOnly("email", "name", "shippingAddress", "paymentMethod");
        String email = in.matching("email", true, EMAIL, "an e-mail address");
        String name = in.text("name", true, 200);
        JsonInput addressInput = in.object("shippingAddress", true);
        Address address = addressInput == null ? null : address(addressInput);
        JsonInput paymentInput = in.object("paymentMethod", true);
        PaymentMethod payment = paymentInput == null ? null : paymentMethod(paymentInput);
        in.validate();
        return new NewAccount(email, name, address, payment);
    }

    /** The address fields of {@code in}; null when any is invalid (the errors are recorded). */
    static Address address(JsonInput in) {
        in.allowOnly("name", "line1", "line2", "city", "region", "postalCode", "country");
        String name = in.text("name", true, 200);
        String line1 = in.text("line1", true, 200);
        String line2 = in.text("line2", false, 200);
        String city = in.text("city", true, 100);
        String region = in.text("region", false, 100);
        String postalCode = in.matching("postalCode", true, POSTAL_CODE, "a postal code (letters, digits, space, -)");
        String country = in.matching("country", true, COUNTRY, "an ISO 3166-1 alpha-2 country code such as US");
        if (name == null || line1 == null || city == null || postalCode == null || country == null) {
            return null;
        }
        return new Address(name, line1, line2, city, region, postalCode, country);
    }

    /** The payment method fields of {@code in}; null when any is invalid (the errors are recorded). */
    static PaymentMethod paymentMethod(JsonInput in) {
        in.allowOnly("providerToken", "brand", "last4");
        String token = in.text("providerToken", true, 200);
        if (token != null && CARD_NUMBER.matcher(token.replaceAll("[ -]", "")).matches()) {
            in.error("providerToken", "must be the payment provider's token, never a card number");
            token = null;
        } else if (token != null && !PROVIDER_TOKEN.matcher(token).matches()) {
            in.error("providerToken", "must be a payment provider token (letters, digits, _ . : -)");
            token = null;
        }
        String brand = in.matching("brand", false, BRAND, "a card brand such as VISA");
        String last4 = in.matching("last4", false, LAST4, "the last four digits of the card");
        return token == null ? null : new PaymentMethod(token, brand, last4);
    }
}
