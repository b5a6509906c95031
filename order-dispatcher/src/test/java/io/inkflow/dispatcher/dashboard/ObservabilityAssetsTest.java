package io.inkflow.dispatcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/observability must only chart and alert on metrics the services really export: each name the
 * Grafana dashboard or the alert rules use is looked up in the names the services' code registers,
 * rendered by a real Prometheus registry. Other modules' sources are read through relative paths, so
 * this runs in the order-dispatcher module directory (as Maven does).
 */
class ObservabilityAssetsTest {
    private static final List<Path> SERVICE_SOURCES = List.of(
            Path.of("..", "telemetry-gateway", "src", "main", "java"),
            Path.of("..", "replenishment-streams", "src", "main", "java"),
            Path.of("src", "main", "java"));

    @Test
    void everyReferencedMetricIsRegisteredByAService() throws Exception {
        Set<String> exported = new TreeSet<>(ObservabilityAssets.PROMETHEUS_BUILT_INS);
        for (Path sources : SERVICE_SOURCES) {
            assertThat(sources).as("service sources").isDirectory();
            exported.addAll(RegisteredMetrics.exportedBy(sources));
        }
        Map<String, Set<String>> referenced = ObservabilityAssets.referencedMetrics();

        Map<String, Set<String>> unknown = new TreeMap<>(referenced);
        unknown.keySet().removeAll(exported);
        assertThat(unknown).as("metrics referenced in docs/observability that no service registers "
                + "(name -> where used)").isEmpty();
    }

    @Test
    void assetsCoverEveryServiceAndTheDomainFiguresOfTheIssue() throws Exception {
        Set<String> referenced = ObservabilityAssets.referencedMetrics().keySet();

        assertThat(referenced).contains(
                "gateway_telemetry_received_total", "gateway_telemetry_rejected_total", "gateway_connections",
                "gateway_puback_latency_seconds", "streams_orders_emitted_total", "streams_state_running",
                "dispatcher_orders_current", "dispatcher_orders_state_total", "dispatcher_payment_capture_seconds_count",
                "dispatcher_backorders_total", "hikaricp_connections_active");
    }

    @Test
    void gaugesSampledFromTheDatabaseAreNotAddedUpAcrossInstances() throws Exception {
        // every dispatcher instance samples the same database, so a sum would count each order once per instance
        Set<String> sampledFromTheDatabase = Set.of("dispatcher_orders_current", "dispatcher_dead_letters_open",
                "dispatcher_printers_quiet");
        List<String> summed = ObservabilityAssets.expressions().stream()
                .filter(e -> PromQl.metricNames(e.promql()).stream().anyMatch(sampledFromTheDatabase::contains))
                .filter(e -> e.promql().matches("(?s).*\\bsum\\b.*"))
                .map(e -> e.where() + ": " + e.promql())
                .toList();

        assertThat(summed).isEmpty();
    }

    @Test
    void prometheusScrapesEachServiceOnItsMetricsPath() throws Exception {
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(ObservabilityAssets.PROMETHEUS.toFile());
        Map<String, String> paths = new TreeMap<>();
        for (JsonNode job : config.path("scrape_configs")) {
            paths.put(job.path("job_name").asText(), job.path("metrics_path").asText());
            assertThat(job.path("static_configs").findValues("targets")).isNotEmpty();
        }

        assertThat(paths).containsOnly(Map.entry("inkflow-gateway", "/metrics"),
                Map.entry("inkflow-streams", "/metrics"), Map.entry("inkflow-dispatcher", "/metrics"));
    }

    @Test
    void promQlNamesExcludeLabelsFunctionsAndNumbers() {
        assertThat(PromQl.metricNames("sum by (reason) (rate(gateway_telemetry_rejected_total{reason=\"OVERSIZE\"}"
                + "[$__rate_interval])) / clamp_min(sum(rate(a_total[5m] offset 1h)), 1e-9) > 0.05"))
                .containsExactly("a_total", "gateway_telemetry_rejected_total");
        assertThat(PromQl.metricNames("max by (pool) (hikaricp_connections_pending) > 0 and on(pool) up"))
                .containsExactly("hikaricp_connections_pending", "up");
    }
}
