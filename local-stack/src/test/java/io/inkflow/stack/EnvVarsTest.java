package io.inkflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvVarsTest {
    private final EnvVars vars = new EnvVars(Map.of("N", " 42 ", "D", "0.25", "B", "no", "BLANK", " ", "BAD", "x"));

    @Test
    void parsesValuesAndFallsBackWhenAbsentOrBlank() {
        assertThat(vars.integer("N", 1)).isEqualTo(42);
        assertThat(vars.decimal("D", 1)).isEqualTo(0.25);
        assertThat(vars.bool("B", true)).isFalse();
        assertThat(vars.integer("BLANK", 7)).isEqualTo(7);
        assertThat(vars.bool("MISSING", true)).isTrue();
    }

    @Test
    void aBadValueFailsNamingTheVariable() {
        assertThatThrownBy(() -> vars.integer("BAD", 1)).hasMessageContaining("BAD must be a whole number");
        assertThatThrownBy(() -> vars.decimal("BAD", 1)).hasMessageContaining("BAD must be a number");
        assertThatThrownBy(() -> vars.bool("BAD", true)).hasMessageContaining("BAD must be true or false");
    }
}
