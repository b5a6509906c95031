package io.inkflow.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.schemas.Channel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JsonInputTest {

    private static JsonInput parse(String json) {
        return JsonInput.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<ApiProblem.FieldError> errorsOf(JsonInput in) {
        try {
            in.validate();
            return List.of();
        } catch (ApiProblem problem) {
            assertThat(problem.status()).isEqualTo(400);
            return problem.errors();
        }
    }

    @Test
    void readsValidFieldsTrimmed() {
        JsonInput in = parse("{\"name\":\"  Ada  \",\"n\":5,\"channel\":\"amazon\",\"list\":[\"a\",\"b\"]}");

        assertThat(in.text("name", true, 10)).isEqualTo("Ada");
        assertThat(in.integer("n", true, 1, 10)).isEqualTo(5);
        assertThat(in.enumValue("channel", true, Channel.class)).isEqualTo(Channel.AMAZON);
        assertThat(in.textList("list", 1, 5, 10)).containsExactly("a", "b");
        assertThat(errorsOf(in)).isEmpty();
    }

    @Test
    void collectsEveryErrorWithItsFieldPath() {
        JsonInput in = parse("{\"name\":7,\"n\":\"5\",\"channel\":\"FAX\",\"nested\":{\"city\":\"\"},\"x\":1}");
        in.allowOnly("name", "n", "channel", "nested", "missing");

        in.text("name", true, 10);
        in.integer("n", true, 1, 10);
        in.enumValue("channel", true, Channel.class);
        in.object("nested", true).text("city", true, 10);
        in.text("missing", true, 10);

        assertThat(errorsOf(in)).extracting(ApiProblem.FieldError::field)
                .containsExactly("x", "name", "n", "channel", "nested.city", "missing");
    }

    @Test
    void rejectsNumbersOutOfRangeFractionsAndHugeValues() {
        JsonInput in = parse("{\"a\":0,\"b\":2.5,\"c\":1e30,\"d\":99999999999}");
        assertThat(in.integer("a", true, 1, 10)).isNull();
        assertThat(in.integer("b", true, 1, 10)).isNull();
        assertThat(in.integer("c", true, 1, 10)).isNull();
        assertThat(in.integer("d", true, 1, Integer.MAX_VALUE)).isNull();
        assertThat(errorsOf(in)).hasSize(4);
    }

    @Test
    void rejectsControlCharactersExceptLineBreaksInMultilineText() {
        JsonInput in = parse("{\"a\":\"x\\u0000y\",\"b\":\"line\\nbreak\",\"c\":\"line\\nbreak\"}");
        assertThat(in.text("a", true, 10)).isNull();
        assertThat(in.text("b", true, 20)).isNull();
        assertThat(in.multilineText("c", true, 20)).isEqualTo("line\nbreak");
        assertThat(errorsOf(in)).extracting(ApiProblem.FieldError::field).containsExactly("a", "b");
    }

    @Test
    void enforcesLengthsPatternsAndListSizes() {
        JsonInput in = parse("{\"s\":\"abcdef\",\"p\":\"AB-1\",\"l\":[],\"m\":[\"ok\",3]}");
        assertThat(in.text("s", true, 5)).isNull();
        assertThat(in.matching("p", true, Pattern.compile("[A-Z]+"), "letters")).isNull();
        assertThat(in.textList("l", 1, 3, 10)).isNull();
        assertThat(in.textList("m", 1, 3, 10)).isNull();
        assertThat(errorsOf(in)).extracting(ApiProblem.FieldError::field).containsExactly("s", "p", "l", "m[1]");
    }

    @Test
    void malformedBodiesAreBadRequests() {
        for (String body : List.of("{", "[]", "\"text\"", "{\"a\":1,\"a\":2}", "{} trailing", "null")) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOfSatisfying(ApiProblem.class,
                    p -> assertThat(p.status()).isEqualTo(400));
        }
        assertThat(errorsOf(JsonInput.parse(new byte[0]))).isEmpty();
    }
}
