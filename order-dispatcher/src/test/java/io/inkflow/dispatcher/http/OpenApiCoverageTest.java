package io.inkflow.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.persistence.Tx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** docs/openapi.yaml describes exactly the routes the server registers (no database is contacted). */
class OpenApiCoverageTest {
    private static final Path OPENAPI = Path.of("..", "docs", "openapi.yaml");
    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|post|put|delete|patch):\\s*$");

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteExists() throws IOException {
        Set<String> documented = documentedRoutes();
        Set<String> registered = new TreeSet<>();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DispatcherMetrics metrics = new DispatcherMetrics(registry);
        try (ApiServer server = new ApiServer(new Tx(new PGSimpleDataSource()), Clock.systemUTC(),
                ApiTestSupport.services(metrics, Clock.systemUTC()), registry, metrics,
                new ApiConfig(0, "token", 4096))) {
            server.app().unsafeConfig().pvt.internalRouter.allHttpHandlers().forEach(parsed -> {
                var endpoint = parsed.getEndpoint();
                String method = endpoint.getMethod().name();
                if (Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    registered.add(method + " " + endpoint.getPath());
                }
            });
        }

        assertThat(registered).hasSizeGreaterThan(20);
        assertThat(documented).isEqualTo(registered);
    }

    private static Set<String> documentedRoutes() throws IOException {
        Set<String> routes = new TreeSet<>();
        String path = null;
        for (String line : Files.readAllLines(OPENAPI)) {
            Matcher p = PATH.matcher(line);
            if (p.matches()) {
                path = p.group(1);
                continue;
            }
            if (line.startsWith("components:")) {
                break;
            }
            Matcher m = METHOD.matcher(line);
            if (m.matches() && path != null) {
                routes.add(m.group(1).toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return routes;
    }
}
