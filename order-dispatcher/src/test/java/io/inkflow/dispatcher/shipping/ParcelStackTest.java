package io.inkflow.dispatcher.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.schemas.Parcel;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParcelStackTest {
    private static final Parcel PGBK = new Parcel(75, 125, 85, 30);
    private static final Parcel CYAN = new Parcel(50, 125, 85, 25);

    @Test
    void aSingleBoxIsItsOwnCatalogParcel() {
        assertThat(ParcelStack.of(List.of(PGBK))).isEqualTo(PGBK);
    }

    @Test
    void boxesStackFlatWeighingTogetherAsLongAndWideAsTheLargest() {
        assertThat(ParcelStack.of(List.of(PGBK, CYAN))).isEqualTo(new Parcel(125, 125, 85, 55));
        assertThat(ParcelStack.of(List.of(new Parcel(160, 150, 100, 45), new Parcel(50, 130, 110, 20))))
                .isEqualTo(new Parcel(210, 150, 110, 65));
    }

    @Test
    void eachBoxLiesOnItsLargestFaceWhateverOrderItsSidesAreListedIn() {
        // a bottle box listed upright, 60 x 60 across and 150 high, lies down on the stack: 150 x 85 x (30 + 60)
        assertThat(ParcelStack.of(List.of(PGBK, new Parcel(170, 60, 60, 150))))
                .isEqualTo(new Parcel(245, 150, 90, 85));
    }

    @Test
    void aStackTallerThanItIsLongIsMeasuredWithItsLongestSideAsLength() {
        Parcel stack = ParcelStack.of(Collections.nCopies(12, new Parcel(160, 150, 100, 45)));

        assertThat(stack).isEqualTo(new Parcel(1920, 540, 150, 100));
    }

    @Test
    void noBoxesIsNoParcel() {
        assertThatThrownBy(() -> ParcelStack.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
