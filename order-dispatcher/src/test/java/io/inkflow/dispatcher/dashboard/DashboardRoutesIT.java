package io.inkflow.dispatcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.dispatcher.OrderDispatcher;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.RejectionReason;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP surface against the real dispatcher, PostgreSQL and Kafka: roles, stream, restock,
 * Kafka signals (also after a restart), and the metrics the observability assets use.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DashboardRoutesIT {
    @TempDir
    static Path tempDir;
    static DashboardFixture fixture;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        fixture = DashboardFixture.start(tempDir);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void pageAndChartLibraryAreServedFromTheDispatcherWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = get("/dashboard", null);
        HttpResponse<String> chart = get("/dashboard/vendor/chart.umd.min.js", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<canvas id=\"flow-chart\"").doesNotContain("http://", "https://");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.body()).contains("Chart.js v4.5.1");
    }

    @Test
    void ticketNeedsAFulfilmentOrAdminToken() throws Exception {
        assertThat(post("/dashboard/api/ticket", null, null, "").statusCode()).isEqualTo(401);
        assertThat(post("/dashboard/api/ticket", "wrong", null, "").statusCode()).isEqualTo(401);
        assertThat(post("/dashboard/api/ticket", fixture.customerToken, null, "").statusCode()).isEqualTo(403);

        HttpResponse<String> ok = post("/dashboard/api/ticket", fixture.fulfilmentToken, null, "");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("role").asText()).isEqualTo("FULFILMENT");
    }

    @Test
    void streamOpensOnceWithATicketAndPushesSnapshotsAsOrdersArrive() throws Exception {
        assertThat(get("/dashboard/stream", null).statusCode()).isEqualTo(401);
        String ticket = json(post("/dashboard/api/ticket", fixture.fulfilmentToken, null, "")).get("ticket").asText();

        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
                        URI.create(fixture.baseUrl() + "/dashboard/stream?ticket=" + ticket))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("text/event-stream"));
            JsonNode first = nextSnapshot(events);
            long shippedBefore = first.at("/totalsByState/SHIPPED").asLong();

            String orderId = fixture.order(fixture.payingAccount, "SN-STREAM-1", "PB", "CLI-281 PB");
            JsonNode shipped = null;
            while (shipped == null) {
                JsonNode s = nextSnapshot(events);
                if (s.at("/totalsByState/SHIPPED").asLong() > shippedBefore) {
                    shipped = s;
                }
            }
            assertThat(shipped.get("recentOrders")).anySatisfy(o -> {
                assertThat(o.get("orderId").asText()).isEqualTo(orderId);
                assertThat(o.get("trackingNumber").asText()).isNotBlank();
            });
        }
        assertThat(get("/dashboard/stream?ticket=" + ticket, null).statusCode())
                .as("a ticket opens one stream only").isEqualTo(401);
    }

    @Test
    void snapshotFiltersBySeriesAndModel() throws Exception {
        String orderId = fixture.order(fixture.payingAccount, "SN-FILTER-1", "Y", "CLI-281 Y");
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.orderState(orderId) != null);

        JsonNode pixma = json(get("/dashboard/api/snapshot?series=PIXMA&model=" + DashboardFixture.MODEL,
                fixture.fulfilmentToken));
        JsonNode imageClass = json(get("/dashboard/api/snapshot?series=IMAGECLASS", fixture.fulfilmentToken));

        JsonNode all = json(get("/dashboard/api/snapshot", fixture.fulfilmentToken));
        assertThat(pixma.get("recentOrders")).anySatisfy(o -> assertThat(o.get("orderId").asText()).isEqualTo(orderId));
        assertThat(imageClass.get("recentOrders")).isEmpty();
        assertThat(imageClass.at("/totalsByState/PENDING").asLong() + imageClass.at("/totalsByState/SHIPPED").asLong())
                .isZero();
        // the order was created within the minute: counted in the last 60 seconds and in the hour's flow, with and
        // without a filter that admits it (the two read the events differently), and by no filter that does not
        for (JsonNode snapshot : List.of(pixma, all)) {
            assertThat(snapshot.at("/lastMinuteByState/PENDING").asLong()).isPositive();
            assertThat(sum(snapshot.at("/flowByState/PENDING"))).isPositive();
        }
        for (String state : List.of("PENDING", "CHARGED", "SHIPPED")) {
            assertThat(imageClass.at("/lastMinuteByState/" + state).asLong()).isZero();
            assertThat(sum(imageClass.at("/flowByState/" + state))).isZero();
        }
        assertThat(get("/dashboard/api/snapshot?series=LASERJET", fixture.fulfilmentToken).statusCode())
                .isEqualTo(400);
        assertThat(get("/dashboard/api/snapshot?model=" + URLEncoder.encode("x' or 1=1 --", StandardCharsets.UTF_8),
                fixture.fulfilmentToken).statusCode()).isEqualTo(400);
    }

    @Test
    void thePageRestocksThroughTheApiWithItsRolesIdempotencyKeyAndValidation() throws Exception {
        String path = "/api/v1/inventory/" + URLEncoder.encode("CLI-281 M", StandardCharsets.UTF_8)
                .replace("+", "%20") + "/restock";
        assertThat(post(path, fixture.customerToken, "k-c", "{\"quantity\":1}").statusCode()).isEqualTo(403);
        assertThat(post(path, DashboardFixture.ADMIN_TOKEN, null, "{\"quantity\":1}").statusCode()).isEqualTo(400);
        assertThat(post(path, DashboardFixture.ADMIN_TOKEN, "k-0", "{\"quantity\":0}").statusCode()).isEqualTo(400);
        assertThat(post(path, DashboardFixture.ADMIN_TOKEN, "k-s", "{\"quantity\":\"5\"}").statusCode()).isEqualTo(400);
        assertThat(post(path, DashboardFixture.ADMIN_TOKEN, "k-j", "not json").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/inventory/NOPE-1/restock", DashboardFixture.ADMIN_TOKEN, "k-u",
                "{\"quantity\":1}").statusCode()).isEqualTo(404);
        assertThat(post(path, fixture.fulfilmentToken, "k-f", "{\"quantity\":1}").statusCode())
                .as("the fulfilment team restocks from the page as with the API").isEqualTo(200);
        assertThat(post("/dashboard/api/inventory/CLI-281%20M/restock", DashboardFixture.ADMIN_TOKEN, "k-old",
                "{\"quantity\":1}").statusCode()).as("the page has no restock route of its own any more")
                .isEqualTo(404);
    }

    @Test
    void restockReleasesBackordersOnceEvenWhenTheRequestIsRepeated() throws Exception {
        String first = fixture.order(fixture.payingAccount, "SN-RESTOCK-1", "C", "CLI-281 C");
        String second = fixture.order(fixture.payingAccount, "SN-RESTOCK-2", "C", "CLI-281 C");
        await().atMost(Duration.ofSeconds(30)).until(() -> "BACKORDERED".equals(fixture.orderState(second))
                || "BACKORDERED".equals(fixture.orderState(first)));
        String onHandBefore = fixture.queryString("SELECT on_hand FROM inventory WHERE sku = 'CLI-281 C'");

        String path = "/api/v1/inventory/CLI-281%20C/restock";
        String key = "dash-" + UUID.randomUUID();
        HttpResponse<String> done = post(path, DashboardFixture.ADMIN_TOKEN, key, "{\"quantity\":3}");
        HttpResponse<String> repeated = post(path, DashboardFixture.ADMIN_TOKEN, key, "{\"quantity\":3}");
        HttpResponse<String> reused = post(path, DashboardFixture.ADMIN_TOKEN, key, "{\"quantity\":4}");

        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(json(done).get("released").asInt()).isEqualTo(1);
        assertThat(repeated.body()).isEqualTo(done.body());
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(Integer.parseInt(fixture.queryString("SELECT on_hand FROM inventory WHERE sku = 'CLI-281 C'")))
                .as("three units added once, one of them reserved for the released order")
                .isEqualTo(Integer.parseInt(onHandBefore) + 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SHIPPED".equals(fixture.orderState(first))
                && "SHIPPED".equals(fixture.orderState(second)));
    }

    @Test
    void kafkaSignalsReachTheSnapshot() throws Exception {
        // Kafka 4.3's consumer warns on every end-offset lookup of a partition it has not assigned (KAFKA-20449):
        // the feed looks up the telemetry end offsets each second, so it must hold them assigned
        Logger fetcher = (Logger) LoggerFactory.getLogger(
                "org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils");
        Level configured = fetcher.getLevel();
        fetcher.setLevel(Level.WARN);
        ListAppender<ILoggingEvent> fetcherLog = new ListAppender<>();
        fetcherLog.start();
        fetcher.addAppender(fetcherLog);
        fixture.rejection(RejectionReason.LEVEL_OUT_OF_RANGE);
        fixture.lowSignal("SN-LOW-ROUTES");
        fixture.telemetry(7);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode s = json(get("/dashboard/api/snapshot", fixture.fulfilmentToken));
            assertThat(s.at("/telemetry/connected").asBoolean()).isTrue();
            assertThat(s.at("/telemetry/rejectionsByReason/LEVEL_OUT_OF_RANGE").asLong()).isPositive();
            assertThat(s.at("/telemetry/reportsLastHour").asLong()).isGreaterThanOrEqualTo(7);
            assertThat(s.at("/lowInk/recent")).anySatisfy(l ->
                    assertThat(l.get("serial").asText()).isEqualTo("SN-LOW-ROUTES"));
        });
        try {
            // three more of the feed's once-a-second samples
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(List.copyOf(fetcherLog.list)).as("the consumer's warnings")
                            .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)));
        } finally {
            fetcher.detachAppender(fetcherLog);
            fetcher.setLevel(configured);
        }
    }

    @Test
    void dispatcherExportsTheMetricsTheGrafanaDashboardAndAlertsUse() throws Exception {
        // Exercise each path whose meters are registered on first use: ship, backorder, release, decline.
        String shipped = fixture.order(fixture.payingAccount, "SN-METRICS-1", "PG", "PG-275");
        String backordered = fixture.order(fixture.payingAccount, "SN-METRICS-2", "PG", "PG-275");
        String declined = fixture.order(fixture.decliningAccount, "SN-METRICS-3", "CL", "CL-276");
        await().atMost(Duration.ofSeconds(30)).until(() -> "PAYMENT_FAILED".equals(fixture.orderState(declined))
                && Set.of(fixture.orderState(shipped), fixture.orderState(backordered)).contains("BACKORDERED"));
        assertThat(post("/api/v1/inventory/PG-275/restock", DashboardFixture.ADMIN_TOKEN, "k-metrics",
                "{\"quantity\":1}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SHIPPED".equals(fixture.orderState(backordered))
                && "SHIPPED".equals(fixture.orderState(shipped)));

        Set<String> exported = new TreeSet<>();
        for (String line : get("/metrics", null).body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        Set<String> missing = new TreeSet<>();
        for (String name : ObservabilityAssets.referencedMetrics().keySet()) {
            if ((name.startsWith("dispatcher_") || name.startsWith("hikaricp_")) && !exported.contains(name)) {
                missing.add(name);
            }
        }
        // every dispatcher meter is registered at start (DispatcherMetrics), failures included
        assertThat(missing).as("dispatcher metrics the assets use but GET /metrics does not export").isEmpty();
    }

    @Test
    void restartedDashboardShowsTheLastHourAndOldStreamsAreSentToReauthenticate() throws Exception {
        fixture.rejection(RejectionReason.FUTURE_TIMESTAMP);
        fixture.lowSignal("SN-LOW-BEFORE-RESTART");
        fixture.telemetry(11);

        // A second dispatcher starting now, as after a restart, whose streams expire fast.
        try (OrderDispatcher restarted = OrderDispatcher.start(fixture.config(Map.of(
                "DISPATCHER_INSTANCE_ID", "restarted-dashboard", "DISPATCHER_DASHBOARD_STREAM_MAX_SECONDS", "10")))) {
            String base = "http://127.0.0.1:" + restarted.httpPort();
            String viewer = fixture.fulfilmentToken;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode s = Json.mapper().readTree(http.send(HttpRequest.newBuilder(
                                URI.create(base + "/dashboard/api/snapshot")).header("Authorization", "Bearer " + viewer)
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(s.at("/telemetry/rejectionsByReason/FUTURE_TIMESTAMP").asLong()).isPositive();
                assertThat(s.at("/telemetry/reportsLastHour").asLong()).as("backfilled from offsets by time")
                        .isGreaterThanOrEqualTo(11);
                assertThat(s.at("/lowInk/recent")).anySatisfy(l ->
                        assertThat(l.get("serial").asText()).isEqualTo("SN-LOW-BEFORE-RESTART"));
            });

            String ticket = Json.mapper().readTree(http.send(HttpRequest.newBuilder(
                            URI.create(base + "/dashboard/api/ticket")).header("Authorization", "Bearer " + viewer)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .get("ticket").asText();
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/dashboard/stream?ticket=" + ticket))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                String lastEvent = null;
                while ((line = events.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        lastEvent = line.substring(6).trim();
                    }
                }
                assertThat(lastEvent).as("the last event before the server closed the stream").isEqualTo("reauth");
            }
        }
    }

    private static JsonNode nextSnapshot(BufferedReader events) throws Exception {
        String event = null;
        String line;
        while ((line = events.readLine()) != null) {
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:") && "snapshot".equals(event)) {
                return Json.mapper().readTree(line.substring(5).trim());
            }
        }
        throw new AssertionError("stream ended");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String idempotencyKey, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private static long sum(JsonNode numbers) {
        assertThat(numbers.isArray()).as("a list per minute: " + numbers).isTrue();
        long sum = 0;
        for (JsonNode n : numbers) {
            sum += n.asLong();
        }
        return sum;
    }
}
