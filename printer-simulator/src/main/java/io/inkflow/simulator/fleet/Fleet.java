package io.inkflow.simulator.fleet;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.inkflow.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provisioned fleet: the seed its usage is derived from, and every printer with its credentials.
 * Saved as a JSON file that holds device secrets: treat it like a password file.
 *
 * @param seed       drives every usage profile and fault decision
 * @param apiBaseUrl the dispatcher the fleet was enrolled in (informational; commands may override)
 * @param createdAt  when it was provisioned
 * @param printers   all printers, in provisioning order
 */
public record Fleet(long seed, String apiBaseUrl, Instant createdAt, List<FleetPrinter> printers) {
    public Fleet {
        printers = List.copyOf(printers);
        Map<String, FleetPrinter> unique = new LinkedHashMap<>();
        for (FleetPrinter printer : printers) {
            if (unique.put(printer.serial(), printer) != null) {
                throw new IllegalArgumentException("Duplicate serial in fleet: " + printer.serial());
            }
        }
    }

    public Optional<FleetPrinter> printer(String serial) {
        return printers.stream().filter(p -> p.serial().equals(serial)).findFirst();
    }

    public int size() {
        return printers.size();
    }

    /** Writes atomically (temp file then move) so an interrupted save never leaves half a fleet. */
    public void save(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save fleet to " + file, e);
        }
    }

    public static Fleet load(Path file) {
        try {
            return Json.mapper().readValue(file.toFile(), Fleet.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read fleet file " + file, e);
        }
    }
}
