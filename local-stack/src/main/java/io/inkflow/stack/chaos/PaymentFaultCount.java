package io.inkflow.stack.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How often the dispatchers met an injected payment fault, counted from their logs (each retry after
 * an unknown payment outcome is logged with its reason). Metrics would die with each killed process;
 * the log files of every process of the run survive.
 *
 * @param timeouts      payment calls that timed out (nothing charged)
 * @param lostResponses payment calls charged whose answer was lost
 */
public record PaymentFaultCount(long timeouts, long lostResponses) {
    static final String TIMEOUT = "payment outcome unknown: sandbox call timed out (injected)";
    static final String LOST = "payment outcome unknown: sandbox response lost (injected)";

    public static PaymentFaultCount fromLogs(Path logDir) {
        long timeouts = 0;
        long lost = 0;
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("dispatcher-")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains(TIMEOUT)) {
                        timeouts++;
                    } else if (line.contains(LOST)) {
                        lost++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dispatcher logs in " + logDir, e);
        }
        return new PaymentFaultCount(timeouts, lost);
    }
}
