package io.inkflow.stack.chaos;

import java.util.List;

/**
 * One oracle check of a chaos run.
 *
 * @param name     what is checked, for example "(a) acknowledged reports in printer.telemetry.v1"
 * @param passed   whether it held
 * @param figures  the counts behind the verdict, one line
 * @param problems the first offending items (bounded), empty when passed
 */
public record CheckResult(String name, boolean passed, String figures, List<String> problems) {
    static final int MAX_PROBLEMS = 20;

    public CheckResult {
        problems = List.copyOf(problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems);
    }

    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(passed ? "PASS " : "FAIL ").append(name).append(System.lineSeparator())
                .append("     ").append(figures).append(System.lineSeparator());
        for (String problem : problems) {
            text.append("     - ").append(problem).append(System.lineSeparator());
        }
        return text.toString();
    }
}
