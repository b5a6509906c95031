package io.inkflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderIdsTest {
    @Test
    void sameDepletionAlwaysYieldsTheSameId() {
        assertThat(OrderIds.derive("enr-1", "SN1", "C", 1)).isEqualTo(OrderIds.derive("enr-1", "SN1", "C", 1));
    }

    @Test
    void anyChangedPartYieldsAnotherId() {
        String base = OrderIds.derive("enr-1", "SN1", "C", 1);
        assertThat(OrderIds.derive("enr-2", "SN1", "C", 1)).isNotEqualTo(base);
        assertThat(OrderIds.derive("enr-1", "SN2", "C", 1)).isNotEqualTo(base);
        assertThat(OrderIds.derive("enr-1", "SN1", "M", 1)).isNotEqualTo(base);
        assertThat(OrderIds.derive("enr-1", "SN1", "C", 2)).isNotEqualTo(base);
    }

    @Test
    void idIsAUuid() {
        assertThat(UUID.fromString(OrderIds.derive("enr-1", "SN1", "C", 1)).version()).isEqualTo(3);
    }
}
