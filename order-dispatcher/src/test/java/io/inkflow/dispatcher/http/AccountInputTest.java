package io.inkflow.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.dispatcher.account.NewAccount;
import io.inkflow.dispatcher.account.PaymentMethod;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AccountInputTest {

    private static JsonInput parse(String json) {
        return JsonInput.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAFullAccount() {
        NewAccount account = AccountInput.newAccount(parse(ApiTestSupport.accountBody("ada@example.com")));

        assertThat(account.email()).isEqualTo("ada@example.com");
        assertThat(account.shippingAddress().line2()).isNull();
        assertThat(account.shippingAddress().country()).isEqualTo("US");
        assertThat(account.paymentMethod()).isEqualTo(new PaymentMethod("tok_visa_4242", "VISA", "4242"));
    }

    @Test
    void refusesCardNumbersAsProviderTokens() {
        for (String pan : new String[] {"4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004"}) {
            JsonInput in = parse("{\"providerToken\":\"" + pan + "\"}");
            assertThat(AccountInput.paymentMethod(in)).as(pan).isNull();
            assertThatThrownBy(in::validate).isInstanceOfSatisfying(ApiProblem.class,
                    p -> assertThat(p.errors().getFirst().message()).contains("never a card number"));
        }
    }

    @Test
    void reportsEveryBadAddressField() {
        JsonInput in = parse("""
                {"email":"nope","name":"A","shippingAddress":{"line1":"x","city":"y","postalCode":"!!",
                 "country":"United States","zip":"1"},"paymentMethod":{"providerToken":"tok_1","last4":"123"}}""");

        assertThatThrownBy(() -> AccountInput.newAccount(in)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.errors()).extracting(ApiProblem.FieldError::field).containsExactlyInAnyOrder(
                        "email", "shippingAddress.zip", "shippingAddress.name", "shippingAddress.postalCode",
                        "shippingAddress.country", "paymentMethod.last4"));
    }
}
