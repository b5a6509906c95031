package io.inkflow.simulator.report;

import io.inkflow.schemas.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Appends trace entries as JSON Lines; thread-safe. */
public final class TraceWriter implements AutoCloseable {
    private final BufferedWriter out;

    public TraceWriter(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open trace " + file, e);
        }
    }

    public synchronized void write(TraceEntry entry) {
        try {
            out.write(Json.mapper().writeValueAsString(entry));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write trace", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close trace", e);
        }
    }
}
