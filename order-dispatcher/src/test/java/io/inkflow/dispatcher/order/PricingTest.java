package io.inkflow.dispatcher.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PricingTest {
    @Test
    void noPromotionChargesTheListPrice() {
        assertThat(Pricing.amountCents(2199, null)).isEqualTo(2199);
    }

    @Test
    void promotionIsTakenOffRoundedHalfUpToTheCent() {
        assertThat(Pricing.amountCents(2199, 10)).isEqualTo(1979); // 219.9 off rounds to 220
        assertThat(Pricing.amountCents(1000, 25)).isEqualTo(750);
        assertThat(Pricing.amountCents(1799, 100)).isZero();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> Pricing.amountCents(0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pricing.amountCents(100, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pricing.amountCents(100, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
