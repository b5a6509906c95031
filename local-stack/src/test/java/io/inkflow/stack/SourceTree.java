package io.inkflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The project's own main sources, for tests that hold a convention across every module. */
final class SourceTree {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> MODULES = List.of("schemas", "telemetry-gateway", "replenishment-streams",
            "order-dispatcher", "printer-simulator", "local-stack");

    private SourceTree() {
    }

    /** Every {@code .java} file under each module's {@code src/main/java}. */
    static List<Path> mainJavaFiles() {
        return mainFiles("src/main/java", ".java");
    }

    /** Every file ending in {@code suffix} under each module's {@code src/main/resources}. */
    static List<Path> mainResources(String suffix) {
        return mainFiles("src/main/resources", suffix);
    }

    private static List<Path> mainFiles(String root, String suffix) {
        List<Path> files = new ArrayList<>();
        for (String module : MODULES) {
            Path dir = ROOT.resolve(module).resolve(root);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(f -> f.toString().endsWith(suffix)).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
