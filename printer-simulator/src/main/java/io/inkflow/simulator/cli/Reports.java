package io.inkflow.simulator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.inkflow.schemas.Json;
import io.inkflow.simulator.stats.RunReport;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Prints a final report as text or JSON and writes it to a file when asked. */
final class Reports {
    private Reports() {
    }

    static void emit(RunReport report, Path file, boolean json, PrintWriter out) throws JsonProcessingException {
        if (file != null) {
            report.write(file);
        }
        if (json) {
            out.println(Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            out.print(report.text());
            if (file != null) {
                out.println("report written to " + file.toAbsolutePath());
            }
        }
        out.flush();
    }
}
