package io.inkflow.stack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A benchmark another module owns, run through its own documented Maven command in a child
 * process (into a separate build directory, so it does not disturb that module's engineers), with
 * the lines that carry its figures picked from the output.
 *
 * @param name      section title
 * @param command   the command, as run from the repository root
 * @param figures   which output lines carry the figures
 * @param timeout   when to give up
 */
record ModuleBenchmark(String name, List<String> command, Predicate<String> figures, Duration timeout) {

    /** What one run printed: the figure lines, the exit code, and where the whole output is. */
    record Outcome(ModuleBenchmark benchmark, int exitCode, List<String> figureLines, Path log, Duration took) {
        boolean succeeded() {
            return exitCode == 0 && !figureLines.isEmpty();
        }
    }

    /** The command as a shell would take it: arguments with spaces in double quotes. */
    String commandLine() {
        return String.join(" ", command.stream().map(a -> a.contains(" ") ? '"' + a + '"' : a).toList());
    }

    Outcome run(Path repositoryRoot, Path log) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(repositoryRoot.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        int exit;
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            exit = process.exitValue();
        } else {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            exit = -1;
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (figures.test(line)) {
                lines.add(line.strip());
            }
        }
        return new Outcome(this, exit, lines, log, Duration.ofNanos(System.nanoTime() - start));
    }
}
