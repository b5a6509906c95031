package io.inkflow.simulator.report;

import io.inkflow.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSON Lines trace; blank lines are skipped, a bad line fails with its number. */
public final class TraceReader {
    private TraceReader() {
    }

    public static List<TraceEntry> read(Path file) {
        List<TraceEntry> entries = new ArrayList<>();
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(file)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    entries.add(Json.mapper().readValue(line, TraceEntry.class));
                } catch (IOException e) {
                    throw new IllegalArgumentException("Bad trace line " + lineNo + " in " + file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read trace " + file, e);
        }
        return entries;
    }
}
