package io.inkflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A WARN or ERROR logged while handling an exception passes that exception as its last argument, so the
 * log keeps the type, the cause chain and the stack trace instead of only {@code e.getMessage()}.
 */
class LoggedExceptionsTest {
    private static final Pattern CATCH = Pattern.compile("catch \\(([\\w.| ]+?) (\\w+)\\) \\{");
    private static final Pattern WARN_OR_ERROR = Pattern.compile("\\blog\\.(warn|error)\\((.*?)\\);", Pattern.DOTALL);

    @Test
    void everyWarnOrErrorInACatchBlockPassesTheCaughtException() {
        List<String> offenders = new ArrayList<>();
        int checked = 0;
        for (Path file : SourceTree.mainJavaFiles()) {
            String source = SourceTree.read(file);
            Matcher catchClause = CATCH.matcher(source);
            while (catchClause.find()) {
                String caught = catchClause.group(2);
                String block = source.substring(catchClause.end(), blockEnd(source, catchClause.end()));
                Matcher call = WARN_OR_ERROR.matcher(block);
                while (call.find()) {
                    checked++;
                    if (!call.group(2).strip().matches("(?s).*,\\s*" + caught)) {
                        int line = lineOf(source, catchClause.end() + call.start());
                        offenders.add(SourceTree.ROOT.relativize(file) + ":" + line);
                    }
                }
            }
        }

        assertThat(checked).as("the scan finds log calls in catch blocks").isGreaterThan(20);
        assertThat(offenders).as("log.warn/log.error in a catch block without the exception last").isEmpty();
    }

    /** The index just after the brace that closes the block opened before {@code start}. */
    private static int blockEnd(String source, int start) {
        int depth = 1;
        int i = start;
        while (depth > 0 && i < source.length()) {
            char c = source.charAt(i++);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
        }
        return i;
    }

    private static int lineOf(String source, int index) {
        return (int) source.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
    }
}
