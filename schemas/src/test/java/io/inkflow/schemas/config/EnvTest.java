package io.inkflow.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {
    private enum Colour { RED, DARK_BLUE }

    private final Env env = new Env(Map.ofEntries(
            Map.entry("N", " 42 "), Map.entry("D", "0.25"), Map.entry("B", "FALSE"), Map.entry("BLANK", " "),
            Map.entry("BAD", "x"), Map.entry("NO", "no"), Map.entry("ONE", "1"), Map.entry("S", " text "),
            Map.entry("C", "dark-blue"), Map.entry("L", "a, b,,c"), Map.entry("U", "https://example.com/x"),
            Map.entry("REL", "example.com")));

    @Test
    void parsesValuesAndFallsBackWhenAbsentOrBlank() {
        assertThat(env.integer("N", 1)).isEqualTo(42);
        assertThat(env.longValue("N")).isEqualTo(42L);
        assertThat(env.decimal("D", 1)).isEqualTo(0.25);
        assertThat(env.bool("B", true)).isFalse();
        assertThat(env.integer("BLANK", 7)).isEqualTo(7);
        assertThat(env.bool("MISSING", true)).isTrue();
        assertThat(env.string("S")).isEqualTo("text");
        assertThat(env.string("BLANK", null)).isNull();
        assertThat(env.duration("N", ChronoUnit.SECONDS)).isEqualTo(Duration.ofSeconds(42));
        assertThat(env.duration("MISSING", ChronoUnit.MILLIS, 5)).isEqualTo(Duration.ofMillis(5));
        assertThat(env.choice("C", Colour.class, Colour.RED)).isEqualTo(Colour.DARK_BLUE);
        assertThat(env.choice("MISSING", Colour.class, Colour.RED)).isEqualTo(Colour.RED);
        assertThat(env.path("MISSING", null)).isNull();
        assertThat(env.path("S", null)).isEqualTo(Path.of("text"));
        assertThat(env.list("L")).containsExactly("a", "b", "c");
        assertThat(env.list("MISSING")).isEmpty();
        assertThat(env.uri("U", null)).isEqualTo(URI.create("https://example.com/x"));
        assertThat(env.uri("MISSING", "http://localhost:8080")).isEqualTo(URI.create("http://localhost:8080"));
    }

    @Test
    void takesTheDefaultsMapForUnsetVariables() {
        Env withDefaults = new Env(Map.of("SET", "3", "BLANK", ""), Map.of("SET", "1", "BLANK", "2", "ABSENT", "4"));
        assertThat(withDefaults.integer("SET")).isEqualTo(3);
        assertThat(withDefaults.integer("BLANK")).isEqualTo(2);
        assertThat(withDefaults.integer("ABSENT")).isEqualTo(4);
    }

    @Test
    void aBadValueFailsNamingTheVariable() {
        assertThatThrownBy(() -> env.integer("BAD", 1)).hasMessageContaining("BAD must be a whole number");
        assertThatThrownBy(() -> env.decimal("BAD", 1)).hasMessageContaining("BAD must be a number");
        assertThatThrownBy(() -> env.bool("BAD", true)).hasMessageContaining("BAD must be true or false");
        assertThatThrownBy(() -> env.choice("BAD", Colour.class, Colour.RED))
                .hasMessageContaining("BAD must be one of [red, dark_blue], was 'x'");
        assertThatThrownBy(() -> env.uri("REL", null)).hasMessageContaining("REL must be an absolute URL");
    }

    @Test
    void aBooleanIsTrueOrFalseAndNothingElse() {
        assertThatThrownBy(() -> env.bool("NO", true)).hasMessageContaining("NO must be true or false, was 'no'");
        assertThatThrownBy(() -> env.bool("ONE", false)).hasMessageContaining("ONE must be true or false, was '1'");
    }

    @Test
    void aRequiredVariableThatIsUnsetFailsNamingIt() {
        assertThatThrownBy(() -> env.string("MISSING")).hasMessage("MISSING is required");
        assertThatThrownBy(() -> env.integer("BLANK")).hasMessage("BLANK is required");
        assertThatThrownBy(() -> env.bool("MISSING")).hasMessage("MISSING is required");
    }

    @Test
    void aCommaSeparatedListKeepsItsOrder() {
        assertThat(new Env(Map.of("L", "z,a")).list("L")).isEqualTo(List.of("z", "a"));
    }
}
