package io.inkflow.stack.bench;

import io.inkflow.stack.chaos.MetricsScrape;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The requests each Kafka client of the chain has sent the broker so far, by client: the services' clients from
 * their {@code /metrics} (each client's own {@code request-total}, which the services publish with Micrometer's
 * Kafka binders), the benchmark's own clients from themselves. The broker's CPU goes per request more than per
 * byte (its profile of 2026-12-03), so two samples taken while the fleet publishes say which client asks it most.
 *
 * <p>Not counted: clients a service does not publish (the gateway's credential feed and Kafka health check, the
 * dispatcher's dashboard feed, admin clients used once at start-up) and the requests the broker sends itself
 * (transaction markers, for instance).
 */
final class KafkaRequests implements AutoCloseable {
    static final String HARNESS = "harness";
    private static final Pattern REQUEST_TOTAL = Pattern.compile(
            "^kafka_(?:producer|consumer|admin_client)_request_total\\{(.*)} (\\S+)$");
    private static final Pattern CLIENT_ID = Pattern.compile("(?:^|,)client_id=\"([^\"]*)\"");
    /** Kafka Streams names its clients {@code <application id>-<process UUID>-StreamThread-1-consumer} and alike. */
    private static final Pattern STREAMS_PREFIX = Pattern.compile(
            "^.*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-");
    private static final Set<String> CLIENT_GROUPS = Set.of("producer-metrics", "consumer-metrics",
            "admin-client-metrics");

    /** Requests sent so far by each client ({@code "<process> <client>"}), at {@code epochMillis}. */
    record Sample(long epochMillis, Map<String, Double> totals) {
    }

    private final Map<String, URI> services;
    private final Map<String, Supplier<Map<MetricName, ? extends Metric>>> own;
    private final MetricsScrape scrape = new MetricsScrape();

    /**
     * @param services each service's {@code /metrics}, by its name
     * @param own      the benchmark's own Kafka clients' metrics, by a name for each
     */
    KafkaRequests(Map<String, URI> services, Map<String, Supplier<Map<MetricName, ? extends Metric>>> own) {
        this.services = Map.copyOf(services);
        this.own = Map.copyOf(own);
    }

    /** A sample; a service that does not answer within 3 s is left out of it. */
    Sample sample() throws InterruptedException {
        Map<String, Double> totals = new TreeMap<>();
        for (Map.Entry<String, URI> service : services.entrySet()) {
            scrape.read(service.getValue()).ifPresent(text -> totals.putAll(parse(service.getKey(), text)));
        }
        own.forEach((name, metrics) -> totals.put(HARNESS + " " + name, requestTotal(metrics.get())));
        return new Sample(System.currentTimeMillis(), totals);
    }

    /** The requests of each client in a service's Prometheus text, by {@code "<service> <client id>"}. */
    static Map<String, Double> parse(String service, String prometheusText) {
        Map<String, Double> totals = new TreeMap<>();
        prometheusText.lines().forEach(line -> {
            Matcher total = REQUEST_TOTAL.matcher(line);
            if (!total.matches()) {
                return;
            }
            Matcher client = CLIENT_ID.matcher(total.group(1));
            String clientId = client.find() ? STREAMS_PREFIX.matcher(client.group(1)).replaceFirst("") : "?";
            totals.merge(service + " " + clientId, Double.parseDouble(total.group(2)), Double::sum);
        });
        return totals;
    }

    /** A client's own {@code request-total}, from its {@code metrics()}. */
    static double requestTotal(Map<MetricName, ? extends Metric> metrics) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals("request-total") && CLIENT_GROUPS.contains(e.getKey().group()))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /**
     * Requests per second by client from the first to the last of the samples taken while the fleet published
     * (from {@code fromMillis} to {@code toMillis}), in the order of the first; empty with fewer than two. A client
     * missing from either sample is left out.
     */
    static Optional<Map<String, Double>> ratesWithin(List<Sample> samples, long fromMillis, long toMillis) {
        List<Sample> inside = samples.stream()
                .filter(s -> s.epochMillis() >= fromMillis && s.epochMillis() <= toMillis).toList();
        if (inside.size() < 2) {
            return Optional.empty();
        }
        Sample first = inside.getFirst();
        Sample last = inside.getLast();
        double seconds = (last.epochMillis() - first.epochMillis()) / 1000.0;
        Map<String, Double> rates = new LinkedHashMap<>();
        first.totals().forEach((client, before) -> {
            Double after = last.totals().get(client);
            if (after != null) {
                rates.put(client, (after - before) / seconds);
            }
        });
        return Optional.of(rates);
    }

    @Override
    public void close() {
        scrape.close();
    }
}
