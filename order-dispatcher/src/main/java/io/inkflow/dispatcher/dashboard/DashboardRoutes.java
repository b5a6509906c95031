package io.inkflow.dispatcher.dashboard;

import io.inkflow.dispatcher.http.Access;
import io.inkflow.dispatcher.http.ApiProblem;
import io.inkflow.dispatcher.http.ApiResponse;
import io.inkflow.dispatcher.http.Endpoints;
import io.inkflow.dispatcher.http.Role;
import io.inkflow.schemas.ModelCatalog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The fulfilment team's live order-flow page. Its data and its actions are the HTTP API's: the page's
 * own endpoints are registered through the API's {@link Endpoints} (same tokens, roles and problem
 * answers), and every button (restock, cancel, release, retry a payment, replay a dead letter) calls the
 * API's route with an Idempotency-Key, so an action is applied once however often it is retried.
 * <ul>
 *   <li>{@code GET /dashboard} and its static files: public, the page holds no data;</li>
 *   <li>{@code POST /dashboard/api/ticket}: FULFILMENT or ADMIN, single-use stream ticket out;</li>
 *   <li>{@code GET /dashboard/stream?ticket=&series=&model=}: server-sent events, a snapshot every few
 *       seconds;</li>
 *   <li>{@code GET /dashboard/api/snapshot?series=&model=}: the same snapshot once (FULFILMENT or ADMIN).</li>
 * </ul>
 * Owns a push thread and, when Kafka is configured, a background reader; {@link #close()} stops both.
 */
public final class DashboardRoutes implements AutoCloseable {
    static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final String FILTER_ATTRIBUTE = "dashboard.filter";

    private final StreamTickets tickets;
    private final SnapshotBuilder snapshots;
    private final DashboardStream stream;
    private final KafkaSignalsFeed feed;

    /** Starts the push thread and the Kafka reader (when {@code settings.bootstrapServers()} is set). */
    public DashboardRoutes(DashboardSettings settings, DataSource dataSource, Clock clock) {
        ModelCatalog catalog = ModelCatalog.bundled();
        SignalsWindow signals = new SignalsWindow(clock, catalog);
        this.tickets = new StreamTickets(clock, settings.ticketTtl());
        this.snapshots = new SnapshotBuilder(dataSource, clock, catalog, signals);
        this.stream = new DashboardStream(snapshots, clock, settings.pushInterval(), settings.streamMaxAge());
        this.feed = settings.bootstrapServers() == null ? null
                : KafkaSignalsFeed.start(settings.bootstrapServers(), settings.kafkaSecurity(), signals, clock);
    }

    /** Adds the page and its endpoints; call before the app starts. */
    public void register(Javalin app, Endpoints endpoints) {
        app.get("/dashboard", ctx -> page(ctx, "dashboard/index.html", "text/html; charset=utf-8"));
        app.get("/dashboard/app.js", ctx -> page(ctx, "dashboard/app.js", "text/javascript; charset=utf-8"));
        app.get("/dashboard/dashboard.css", ctx -> page(ctx, "dashboard/dashboard.css", "text/css; charset=utf-8"));
        app.get("/dashboard/vendor/chart.umd.min.js", ctx -> page(ctx, CHART_JS, "text/javascript; charset=utf-8"));
        endpoints.postWithoutKey("/dashboard/api/ticket", Access.fulfilmentOrAdmin(), (request, c) -> {
            Role role = request.principal().role();
            StreamTickets.Ticket ticket = tickets.issue(role);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ticket", ticket.value());
            body.put("role", role);
            body.put("expiresAt", ticket.expiresAt());
            return ApiResponse.ok(body);
        });
        endpoints.get("/dashboard/api/snapshot", Access.fulfilmentOrAdmin(),
                (request, c) -> ApiResponse.ok(snapshots.build(filter(request.query("series"), request.query("model")))));
        // An EventSource cannot send headers: the single-use ticket is checked before the stream opens,
        // so a refused stream gets a plain 401 instead of an empty event stream.
        app.before("/dashboard/stream", this::openStream);
        app.sse("/dashboard/stream", client -> {
            DashboardFilter filter = client.ctx().attribute(FILTER_ATTRIBUTE);
            stream.attach(client, filter == null ? DashboardFilter.ALL : filter);
        });
    }

    /** How many pages are watching right now. */
    public int viewers() {
        return stream.viewers();
    }

    /** Makes the next push come soon (after an action on the page). */
    public void pushSoon() {
        stream.pushSoon();
    }

    private void openStream(Context ctx) {
        DashboardFilter filter = filter(ctx.queryParam("series"), ctx.queryParam("model"));
        tickets.redeem(ctx.queryParam("ticket")).orElseThrow(() -> new ApiProblem(401, "stream-ticket",
                "Stream ticket missing, used or expired",
                "Ask POST /dashboard/api/ticket for a new one with your bearer token."));
        ctx.attribute(FILTER_ATTRIBUTE, filter);
    }

    private static DashboardFilter filter(String series, String model) {
        try {
            return DashboardFilter.parse(series, model);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(java.util.List.of(new ApiProblem.FieldError("series/model", e.getMessage())));
        }
    }

    private static void page(Context ctx, String resource, String contentType) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new UncheckedIOException(new IOException("Missing dashboard resource " + path));
        }
        try (in) {
            ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-cache");
            ctx.contentType(contentType).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stream.close();
        if (feed != null) {
            feed.close();
        }
    }
}
