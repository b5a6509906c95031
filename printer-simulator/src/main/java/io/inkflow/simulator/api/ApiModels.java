package io.inkflow.simulator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.inkflow.schemas.Channel;
import java.util.List;

/** Request and response bodies of the dispatcher HTTP API (docs/contracts.md), as records. */
public final class ApiModels {
    private ApiModels() {
    }

    public record Address(String name, String line1, String line2, String city, String region, String postalCode,
                          String country) {
    }

    public record PaymentMethod(String providerToken, String brand, String last4) {
    }

    public record NewAccount(String email, String name, Address shippingAddress, PaymentMethod paymentMethod) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AccountCreated(String accountId, String apiToken) {
    }

    public record EnrollPrinter(String serial, String model, Channel channel) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EnrolledPrinter(String serial, String model, Channel channel, String enrollmentId, String status,
                                  String deviceSecret) {
    }

    /**
     * An order as {@code GET /api/v1/orders} lists it; fields beyond these are ignored. {@code groupId} and
     * {@code groupSize} are null for an order shipped on its own (and from a dispatcher without groups).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Order(String orderId, String serial, String model, String accountId, String slot, String sku,
                        int depletionCycle, String trigger, String groupId, Integer groupSize, String channel,
                        String state) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OrderPage(List<Order> orders, String next) {
        public OrderPage {
            orders = orders == null ? List.of() : List.copyOf(orders);
        }
    }
}
