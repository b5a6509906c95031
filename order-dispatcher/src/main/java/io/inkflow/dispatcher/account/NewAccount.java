package io.inkflow.dispatcher.account;

import java.util.Objects;

/** A validated request to open an account. */
public record NewAccount(String email, String name, Address shippingAddress, PaymentMethod paymentMethod) {
    public NewAccount {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shippingAddress, "shippingAddress");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
    }
}
