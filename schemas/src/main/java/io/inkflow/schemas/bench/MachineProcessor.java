package io.inkflow.schemas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which processor the benchmark ran on, from {@code /proc/cpuinfo}: the machines this project is measured on are
 * all "2 cores", but not always the same processor (on 2026-12-04 the whole chain took a third less CPU per report
 * on one than the day before on another), so a figure is comparable only with figures from the same one.
 */
public final class MachineProcessor {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private MachineProcessor() {
    }

    /** The first processor's model name with its family and model numbers, or "unknown processor". */
    public static String describe() {
        try {
            return describe(Files.readString(CPUINFO));
        } catch (IOException e) {
            return "unknown processor";
        }
    }

    /** From the text of {@code /proc/cpuinfo}: its first processor's block. */
    static String describe(String cpuinfo) {
        Map<String, String> fields = new HashMap<>();
        for (String line : cpuinfo.split("\n")) {
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    break;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        String name = fields.getOrDefault("model name", "unknown processor");
        if (fields.containsKey("cpu family") && fields.containsKey("model")) {
            return name + " (family " + fields.get("cpu family") + ", model " + fields.get("model") + ")";
        }
        return name;
    }
}
