package io.inkflow.dispatcher.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.inkflow.schemas.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The metric names referenced by docs/observability: every PromQL expression of the Grafana dashboard
 * and of the alert rules the Prometheus configuration loads, with where each name is used.
 */
final class ObservabilityAssets {
    static final Path DIRECTORY = Path.of("..", "docs", "observability");
    static final Path GRAFANA = DIRECTORY.resolve("grafana-dashboard.json");
    static final Path PROMETHEUS = DIRECTORY.resolve("prometheus.yml");
    /** Series Prometheus itself writes for every target; no service registers them. */
    static final Set<String> PROMETHEUS_BUILT_INS = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ObservabilityAssets() {
    }

    /** Metric name to the places (file: panel or alert) that use it. */
    static Map<String, Set<String>> referencedMetrics() throws IOException {
        Map<String, Set<String>> names = new TreeMap<>();
        for (Expression e : expressions()) {
            for (String name : PromQl.metricNames(e.promql())) {
                names.computeIfAbsent(name, n -> new TreeSet<>()).add(e.where());
            }
        }
        return names;
    }

    record Expression(String where, String promql) {
    }

    static List<Expression> expressions() throws IOException {
        List<Expression> out = new ArrayList<>();
        JsonNode dashboard = Json.mapper().readTree(GRAFANA.toFile());
        collectGrafana(dashboard.path("panels"), out);
        JsonNode prometheus = YAML.readTree(PROMETHEUS.toFile());
        for (JsonNode file : prometheus.path("rule_files")) {
            JsonNode rules = YAML.readTree(DIRECTORY.resolve(file.asText()).toFile());
            for (JsonNode group : rules.path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                    out.add(new Expression(file.asText() + ": " + name, rule.path("expr").asText()));
                }
            }
        }
        return out;
    }

    private static void collectGrafana(JsonNode panels, List<Expression> out) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(new Expression(GRAFANA.getFileName() + ": " + panel.path("title").asText(),
                            target.get("expr").asText()));
                }
            }
            collectGrafana(panel.path("panels"), out); // panels inside collapsed rows
        }
    }
}
