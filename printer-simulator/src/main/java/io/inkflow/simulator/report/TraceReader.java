package io.inkflow.simulator.report;

import io.inkflow.schemas.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads a JSON Lines trace; blank lines are skipped, a bad line fails with its number. */
public final class TraceReader {
    private TraceReader() {
    }

    public static List<TraceEntry> read(Path file) {
        List<TraceEntry> entries = new ArrayList<>();
        forEach(file, entries::add);
        return entries;
    }

    /** Reads a trace line by line without holding it: a long trace can be larger than the heap. */
    public static void forEach(Path file, Consumer<TraceEntry> consumer) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                TraceEntry entry;
                try {
                    entry = Json.mapper().readValue(line, TraceEntry.class);
                } catch (IOException e) {
                    throw new IllegalArgumentException("Bad trace line " + lineNo + " in " + file + ": " + e.getMessage());
                }
                consumer.accept(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read trace " + file, e);
        }
    }
}
