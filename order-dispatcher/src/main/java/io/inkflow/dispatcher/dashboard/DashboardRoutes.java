package io.inkflow.dispatcher.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkflow.dispatcher.order.OrderCommands;
import io.inkflow.dispatcher.order.OrderCommands.RestockResult;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.ModelCatalog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fulfilment team's live order-flow page and its endpoints, registered on the dispatcher's Javalin
 * app with {@link #register(Javalin)}:
 * <ul>
 *   <li>{@code GET /dashboard} and its static files: public, the page holds no data;</li>
 *   <li>{@code POST /dashboard/api/ticket}: bearer token (FULFILMENT or ADMIN) in, single-use stream
 *       ticket out;</li>
 *   <li>{@code GET /dashboard/stream?ticket=&series=&model=}: server-sent events, a snapshot every few
 *       seconds;</li>
 *   <li>{@code GET /dashboard/api/snapshot?series=&model=}: the same snapshot once (FULFILMENT or ADMIN);</li>
 *   <li>{@code POST /dashboard/api/inventory/{sku}/restock}: ADMIN, {@code {"quantity":n}}, with an
 *       {@code Idempotency-Key}.</li>
 * </ul>
 * Owns a push thread and, when Kafka is configured, a background reader; {@link #close()} stops both.
 */
public final class DashboardRoutes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DashboardRoutes.class);
    static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._/-]{0,63}");
    private static final int MAX_RESTOCK = 100_000;
    private static final String ROLE_ATTRIBUTE = "dashboard.role";
    private static final String FILTER_ATTRIBUTE = "dashboard.filter";

    private final DashboardAuth auth;
    private final OrderCommands commands;
    private final StreamTickets tickets;
    private final SnapshotBuilder snapshots;
    private final DashboardStream stream;
    private final KafkaSignalsFeed feed;
    private final RecentRestocks restocks;
    private final ObjectMapper mapper = Json.mapper();

    /**
     * Starts the push thread and the Kafka reader (when {@code settings.bootstrapServers()} is set).
     *
     * @param auth the HTTP API's token check, so the same tokens and roles apply
     */
    public DashboardRoutes(DashboardSettings settings, DataSource dataSource, Clock clock, OrderCommands commands,
                           DashboardAuth auth) {
        this.auth = auth;
        this.commands = commands;
        ModelCatalog catalog = ModelCatalog.bundled();
        SignalsWindow signals = new SignalsWindow(clock, catalog);
        this.tickets = new StreamTickets(clock, settings.ticketTtl());
        this.snapshots = new SnapshotBuilder(dataSource, clock, catalog, signals);
        this.stream = new DashboardStream(snapshots, clock, settings.pushInterval(), settings.streamMaxAge());
        this.restocks = new RecentRestocks(clock);
        this.feed = settings.bootstrapServers() == null ? null
                : KafkaSignalsFeed.start(settings.bootstrapServers(), signals, clock);
    }

    /** Adds the dashboard's routes to {@code app}; call before {@code app.start()}. */
    public void register(Javalin app) {
        app.get("/dashboard", ctx -> page(ctx, "dashboard/index.html", "text/html; charset=utf-8"));
        app.get("/dashboard/app.js", ctx -> page(ctx, "dashboard/app.js", "text/javascript; charset=utf-8"));
        app.get("/dashboard/dashboard.css", ctx -> page(ctx, "dashboard/dashboard.css", "text/css; charset=utf-8"));
        app.get("/dashboard/vendor/chart.umd.min.js", ctx -> page(ctx, CHART_JS, "text/javascript; charset=utf-8"));
        app.post("/dashboard/api/ticket", guarded(this::ticket));
        app.get("/dashboard/api/snapshot", guarded(this::snapshot));
        app.post("/dashboard/api/inventory/{sku}/restock", guarded(this::restock));
        // An EventSource cannot send headers: the single-use ticket is checked before the stream opens,
        // so a refused stream gets a plain 401 instead of an empty event stream.
        app.before("/dashboard/stream", guarded(this::openStream));
        app.sse("/dashboard/stream", client -> {
            DashboardFilter filter = client.ctx().attribute(FILTER_ATTRIBUTE);
            stream.attach(client, filter == null ? DashboardFilter.ALL : filter);
        });
    }

    /** How many pages are watching right now. */
    public int viewers() {
        return stream.viewers();
    }

    private void ticket(Context ctx) throws IOException {
        DashboardRole role = requireRole(ctx, false);
        StreamTickets.Ticket ticket = tickets.issue(role);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ticket", ticket.value());
        body.put("role", role);
        body.put("expiresAt", ticket.expiresAt());
        json(ctx, 200, body);
    }

    private void snapshot(Context ctx) throws Exception {
        requireRole(ctx, false);
        json(ctx, 200, snapshots.build(filter(ctx)));
    }

    private void openStream(Context ctx) {
        DashboardFilter filter = filter(ctx);
        DashboardRole role = tickets.redeem(ctx.queryParam("ticket"))
                .orElseThrow(() -> new Problem(401, "Stream ticket missing, used or expired",
                        "Ask POST /dashboard/api/ticket for a new one with your bearer token."));
        ctx.attribute(ROLE_ATTRIBUTE, role);
        ctx.attribute(FILTER_ATTRIBUTE, filter);
    }

    private void restock(Context ctx) throws IOException {
        requireRole(ctx, true);
        String sku = ctx.pathParam("sku");
        if (!SKU.matcher(sku).matches()) {
            throw new Problem(400, "Invalid SKU", "A SKU is 1 to 64 letters, digits, spaces and . _ / -");
        }
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank() || key.length() > 200) {
            throw new Problem(400, "Idempotency-Key required", "Send a fresh Idempotency-Key header with each restock.");
        }
        int quantity = quantity(ctx.body());
        RecentRestocks.Outcome outcome = restocks.run(key, sku + "\n" + quantity, () -> {
            RestockResult r = commands.restock(sku, quantity);
            log.info("Restocked from dashboard [sku={}, quantity={}, released={}]", sku, quantity, r.released());
            return r;
        });
        switch (outcome) {
            case RecentRestocks.Outcome.Done done -> {
                stream.pushSoon();
                json(ctx, 200, done.result());
            }
            case RecentRestocks.Outcome.Conflict conflict ->
                    throw new Problem(422, "Idempotency-Key reused", "That key was used for a different restock.");
            case RecentRestocks.Outcome.InProgress inProgress ->
                    throw new Problem(409, "Restock in progress", "The same restock is still running.");
        }
    }

    private int quantity(String body) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (IOException e) {
            throw new Problem(400, "Body is not JSON", "Send {\"quantity\": n}.");
        }
        JsonNode q = node == null ? null : node.get("quantity");
        if (q == null || !q.isIntegralNumber() || q.asLong() < 1 || q.asLong() > MAX_RESTOCK) {
            throw new Problem(400, "Invalid quantity", "quantity must be a whole number from 1 to " + MAX_RESTOCK + ".");
        }
        return q.asInt();
    }

    private DashboardRole requireRole(Context ctx, boolean act) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new Problem(401, "Bearer token required", "Sign in with a fulfilment or admin API token.");
        }
        Optional<DashboardRole> role = auth.roleOf(header.substring(7).trim());
        if (role.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new Problem(401, "Unknown or revoked token", "Sign in with a valid API token.");
        }
        if (!role.get().canView() || (act && !role.get().canAct())) {
            throw new Problem(403, "Not allowed", act ? "Only the admin role can restock."
                    : "The dashboard needs the fulfilment or admin role.");
        }
        return role.get();
    }

    private static DashboardFilter filter(Context ctx) {
        try {
            return DashboardFilter.parse(ctx.queryParam("series"), ctx.queryParam("model"));
        } catch (IllegalArgumentException e) {
            throw new Problem(400, "Invalid filter", e.getMessage());
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

    private void json(Context ctx, int status, Object body) throws IOException {
        ctx.status(status).header("Cache-Control", "no-store").contentType("application/json")
                .result(mapper.writeValueAsBytes(body));
    }

    /** Answers the dashboard's own errors as problem+json without touching the API's exception handlers. */
    private Handler guarded(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (Problem p) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("type", "about:blank");
                body.put("title", p.title);
                body.put("status", p.status);
                body.put("detail", p.getMessage());
                ctx.status(p.status).contentType("application/problem+json").result(mapper.writeValueAsBytes(body));
                ctx.skipRemainingHandlers();
            } catch (OrderCommands.UnknownSkuException e) {
                ctx.status(404).contentType("application/problem+json").result(mapper.writeValueAsBytes(Map.of(
                        "type", "about:blank", "title", "Unknown SKU", "status", 404, "detail", e.getMessage())));
            }
        };
    }

    /** A client error with its HTTP status. */
    static final class Problem extends RuntimeException {
        private final int status;
        private final String title;

        Problem(int status, String title, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.title = title;
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
