package io.inkflow.stack.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;

/**
 * The chaos run as a command (see docs/chaos.md): parameters from {@code CHAOS_*} environment
 * variables, progress and the final report on the console, the report also in
 * {@code <run dir>/chaos-report.txt}; exit code 0 only when every check held.
 */
public final class ChaosMain {
    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        ChaosConfig config = ChaosConfig.fromEnv(System.getenv());
        ChaosReport report;
        try {
            report = new ChaosRun(config, line -> {
                out.println(line);
                out.flush();
            }).run();
        } catch (Exception e) {
            out.println("The chaos run could not complete: " + e);
            e.printStackTrace(out);
            System.exit(2);
            return;
        }
        String text = report.describe();
        out.println();
        out.print(text);
        try {
            Files.writeString(config.runDir().resolve("chaos-report.txt"), text);
        } catch (IOException e) {
            out.println("Cannot write the report file: " + e.getMessage());
        }
        System.exit(report.passed() ? 0 : 1);
    }
}
