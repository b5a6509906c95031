package io.inkflow.stack.bench;

import io.inkflow.stack.chaos.MetricsScrape;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The requests each Kafka client of the chain has sent the broker so far, by client: the services' clients from
 * their {@code /metrics} (each client's own {@code request-total}, which the services publish with Micrometer's
 * Kafka binders), the benchmark's own clients from themselves. The broker's CPU goes per request more than per
 * byte (its profile of 2026-12-03), so two samples taken while the fleet publishes say which client asks it most.
 *
 * <p>The same samples carry each producer's {@code record-retry-total}: the records it sent again after a retriable
 * error, such as a transactional producer's {@code CONCURRENT_TRANSACTIONS} while the previous transaction's markers
 * are still being written (it backs off 100 ms, doubling up to 1 s, so a few in a row can hold up a stream thread's
 * commit).
 *
 * <p>They carry too the time each transactional producer held its caller in {@code sendOffsetsToTransaction} and
 * {@code commitTransaction} ({@code txn-send-offsets-time-ns-total}, {@code txn-commit-time-ns-total}): a stream
 * thread waits there for the transaction coordinator and processes nothing meanwhile.
 *
 * <p>Not counted: clients a service does not publish (the gateway's credential feed and Kafka health check, the
 * dispatcher's dashboard feed, admin clients used once at start-up) and the requests the broker sends itself
 * (transaction markers, for instance).
 */
final class KafkaRequests implements AutoCloseable {
    static final String HARNESS = "harness";
    private static final Pattern REQUEST_TOTAL = Pattern.compile(
            "^kafka_(?:producer|consumer|admin_client)_request_total\\{(.*)} (\\S+)$");
    private static final Pattern RETRY_TOTAL = Pattern.compile("^kafka_producer_record_retry_total\\{(.*)} (\\S+)$");
    private static final Pattern SEND_OFFSETS_NANOS = Pattern.compile(
            "^kafka_producer_txn_send_offsets_time_ns_total\\{(.*)} (\\S+)$");
    private static final Pattern COMMIT_NANOS = Pattern.compile("^kafka_producer_txn_commit_time_ns_total\\{(.*)} (\\S+)$");
    private static final Pattern CLIENT_ID = Pattern.compile("(?:^|,)client_id=\"([^\"]*)\"");
    /** Kafka Streams names its clients {@code <application id>-<process UUID>-StreamThread-1-consumer} and alike. */
    private static final Pattern STREAMS_PREFIX = Pattern.compile(
            "^.*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-");
    private static final Set<String> CLIENT_GROUPS = Set.of("producer-metrics", "consumer-metrics",
            "admin-client-metrics");

    /**
     * Requests sent so far by each client ({@code "<process> <client>"}), records each service's producers sent
     * again, and nanoseconds each producer held its caller in transactions ({@code "<process> <client> <phase>"}), at
     * {@code epochMillis}.
     */
    record Sample(long epochMillis, Map<String, Double> totals, Map<String, Double> retries,
                  Map<String, Double> transactionNanos) {
        Sample(long epochMillis, Map<String, Double> totals) {
            this(epochMillis, totals, Map.of());
        }

        Sample(long epochMillis, Map<String, Double> totals, Map<String, Double> retries) {
            this(epochMillis, totals, retries, Map.of());
        }
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
        Map<String, Double> retries = new TreeMap<>();
        Map<String, Double> transactionNanos = new TreeMap<>();
        for (Map.Entry<String, URI> service : services.entrySet()) {
            scrape.read(service.getValue()).ifPresent(text -> {
                totals.putAll(parse(service.getKey(), text));
                retries.putAll(parseRetries(service.getKey(), text));
                transactionNanos.putAll(parseTransactionNanos(service.getKey(), text));
            });
        }
        own.forEach((name, metrics) -> totals.put(HARNESS + " " + name, requestTotal(metrics.get())));
        return new Sample(System.currentTimeMillis(), totals, retries, transactionNanos);
    }

    /** The requests of each client in a service's Prometheus text, by {@code "<service> <client id>"}. */
    static Map<String, Double> parse(String service, String prometheusText) {
        return byClient(service, prometheusText, REQUEST_TOTAL);
    }

    /** The records each producer in a service's Prometheus text sent again, by {@code "<service> <client id>"}. */
    static Map<String, Double> parseRetries(String service, String prometheusText) {
        return byClient(service, prometheusText, RETRY_TOTAL);
    }

    /**
     * Nanoseconds each producer in a service's Prometheus text held its caller sending offsets to and committing
     * transactions, by {@code "<service> <client id> sending offsets"} and {@code "<service> <client id> committing"}.
     */
    static Map<String, Double> parseTransactionNanos(String service, String prometheusText) {
        Map<String, Double> nanos = new TreeMap<>();
        byClient(service, prometheusText, SEND_OFFSETS_NANOS)
                .forEach((client, n) -> nanos.put(client + " sending offsets", n));
        byClient(service, prometheusText, COMMIT_NANOS).forEach((client, n) -> nanos.put(client + " committing", n));
        return nanos;
    }

    private static Map<String, Double> byClient(String service, String prometheusText, Pattern metric) {
        Map<String, Double> totals = new TreeMap<>();
        prometheusText.lines().forEach(line -> {
            Matcher total = metric.matcher(line);
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
        return endsWithin(samples, fromMillis, toMillis).map(ends -> change(ends.getFirst().totals(),
                ends.getLast().totals(), (ends.getLast().epochMillis() - ends.getFirst().epochMillis()) / 1000.0));
    }

    /**
     * A line with the records each service's producers sent again between the first and the last of the samples
     * taken while the fleet published, for the step's report.
     */
    static String retriesLine(List<Sample> samples, long fromMillis, long toMillis, String whilePublishing) {
        String head = "Kafka producers' records sent again after a retriable error " + whilePublishing;
        return endsWithin(samples, fromMillis, toMillis)
                .map(ends -> change(ends.getFirst().retries(), ends.getLast().retries(), 1))
                .map(retried -> head + " (record-retry-total, from the samples every 10 s inside the step): "
                        + (retried.isEmpty() ? "no producer published" : retried.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))))
                .orElse(head + ": fewer than two samples, not measured");
    }

    /**
     * A line with the milliseconds a second each producer held its thread in transactions between the first and the
     * last of the samples taken while the fleet published (1,000 would be all of a stream thread's time); producers
     * that spent none are left out.
     */
    static String transactionsLine(List<Sample> samples, long fromMillis, long toMillis, String whilePublishing) {
        String head = "Kafka transactions: milliseconds a second each producer held its thread " + whilePublishing;
        return endsWithin(samples, fromMillis, toMillis)
                .map(ends -> change(ends.getFirst().transactionNanos(), ends.getLast().transactionNanos(),
                        (ends.getLast().epochMillis() - ends.getFirst().epochMillis()) / 1000.0 * 1_000_000))
                .map(perSecond -> perSecond.entrySet().stream().filter(e -> e.getValue() > 0)
                        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")))
                .map(held -> head + " (txn-send-offsets-time-ns-total and txn-commit-time-ns-total, from the samples "
                        + "every 10 s inside the step): " + (held.isEmpty() ? "none" : held))
                .orElse(head + ": fewer than two samples, not measured");
    }

    /** The first and the last sample taken from {@code fromMillis} to {@code toMillis}; empty with fewer than two. */
    private static Optional<List<Sample>> endsWithin(List<Sample> samples, long fromMillis, long toMillis) {
        List<Sample> inside = samples.stream()
                .filter(s -> s.epochMillis() >= fromMillis && s.epochMillis() <= toMillis).toList();
        return inside.size() < 2 ? Optional.empty() : Optional.of(List.of(inside.getFirst(), inside.getLast()));
    }

    /** Each client's growth from one sample to the other, divided by {@code per}; one missing in either is left out. */
    private static Map<String, Double> change(Map<String, Double> first, Map<String, Double> last, double per) {
        Map<String, Double> change = new LinkedHashMap<>();
        first.forEach((client, before) -> {
            Double after = last.get(client);
            if (after != null) {
                change.put(client, (after - before) / per);
            }
        });
        return change;
    }

    @Override
    public void close() {
        scrape.close();
    }
}
