package io.inkflow.dispatcher.account;

import java.time.Instant;

/** An account as the API shows it: the current address and payment method (without its token). */
public record Account(String accountId, String email, String name, Address shippingAddress,
                      PaymentMethod.Summary paymentMethod, PlanStatus planStatus, Instant createdAt,
                      Instant updatedAt) {
}
