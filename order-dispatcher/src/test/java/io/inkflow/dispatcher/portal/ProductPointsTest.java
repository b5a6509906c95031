package io.inkflow.dispatcher.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.portal.products.ProductPoints;
import io.inkflow.dispatcher.portal.products.ProductPoints.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The points table and the CPS rules: invitation from 500, every tier from 2,000, corporate above 2,500. */
class ProductPointsTest {
    private final ProductPoints table = ProductPoints.bundled();

    private List<String> open(int balance) {
        return table.tiers().stream().filter(t -> t.openAt(balance)).map(Tier::name).toList();
    }

    @Test
    void invitationStartsAt500Points() {
        assertThat(table.invited(499)).isFalse();
        assertThat(table.invited(500)).isTrue();
        assertThat(open(499)).isEmpty();
        assertThat(open(500)).containsExactly("CPS Silver");
    }

    @Test
    void everyIndividualTierIsOpenFrom2000AndTheCorporateTiersOnlyAbove2500() {
        List<String> individual = table.tiers().stream().filter(t -> !t.corporate()).map(Tier::name).toList();
        List<String> corporate = table.tiers().stream().filter(Tier::corporate).map(Tier::name).toList();

        assertThat(open(1999)).doesNotContain("CPS Platinum");
        assertThat(open(2000)).containsExactlyElementsOf(individual);
        assertThat(open(2500)).containsExactlyElementsOf(individual);
        assertThat(corporate).isNotEmpty();
        assertThat(open(2501)).containsAll(corporate).containsAll(individual);
    }

    @Test
    void productsAreFoundWhateverTheirCaseAndSpacingAndEachEarnsPoints() {
        assertThat(table.find("  eos   r8 ")).get().extracting(ProductPoints.Product::points).isEqualTo(700);
        assertThat(table.find("EOS R9000")).isEmpty();
        assertThat(table.products()).allSatisfy(p -> assertThat(p.points()).isPositive());
    }
}
