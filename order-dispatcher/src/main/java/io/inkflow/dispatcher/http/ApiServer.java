package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.account.AccountStore;
import io.inkflow.dispatcher.account.DeviceSecrets;
import io.inkflow.dispatcher.account.EnrollmentService;
import io.inkflow.dispatcher.account.PlanService;
import io.inkflow.dispatcher.deadletter.DeadLetterStore;
import io.inkflow.dispatcher.fulfilment.OrderCommands;
import io.inkflow.dispatcher.ingest.DeadLetterReplayer;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.persistence.SqlErrors;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.orders.CancellationRequests;
import io.inkflow.dispatcher.portal.orders.CustomerOrders;
import io.inkflow.dispatcher.portal.printers.CustomerPrinters;
import io.inkflow.schemas.ModelCatalog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account and fulfilment HTTP API (docs/contracts.md, docs/openapi.yaml) on Javalin, plus
 * {@code /metrics} (Prometheus) and {@code /health/live}, {@code /health/ready}. Further routes (the
 * dashboard) may be added to {@link #app()} before {@link #start()}; they share the problem+json error
 * handling, and {@link #authenticator()} gives them the same tokens.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final String CORRELATION_ID = "X-Correlation-Id";
    private static final Pattern GIVEN_CORRELATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Duration IDEMPOTENCY_RETENTION = Duration.ofHours(24);
    /** A readiness probe answers within this, even when the database does not. */
    private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(2);

    private final ApiConfig config;
    private final DataSource dataSource;
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private final Authenticator authenticator;
    private final IdempotencyStore idempotency;
    private final Endpoints endpoints;
    private final Javalin app;
    private final Map<String, BooleanSupplier> readinessChecks = new LinkedHashMap<>();
    private ScheduledExecutorService housekeeping;

    /**
     * @param services what the routes act with: the order commands and the dead letter replay
     */
    public ApiServer(Tx tx, Clock clock, Services services, PrometheusMeterRegistry registry, DispatcherMetrics metrics,
                     ApiConfig config) {
        this.config = config;
        this.dataSource = tx.dataSource();
        this.clock = clock;
        this.registry = registry;
        ApiTokens tokens = new ApiTokens();
        this.authenticator = new Authenticator(dataSource, config.adminToken(), tokens);
        this.idempotency = new IdempotencyStore(dataSource);
        this.app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.startupWatcherEnabled = false;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.requestLogger.http((ctx, ms) -> metrics.recordHttpRequest(ctx.method().name(), ctx.statusCode(),
                    Duration.ofNanos((long) (ms * 1_000_000))));
        });
        registerErrorHandling();
        this.endpoints = new Endpoints(app, authenticator, idempotency, tx, clock, config.maxBodyBytes());
        AccountStore accounts = new AccountStore();
        ModelCatalog catalog = ModelCatalog.bundled();
        EnrollmentService enrollments = new EnrollmentService(catalog, new DeviceSecrets(), accounts);
        NotificationOutbox notifications = new NotificationOutbox(clock);
        new AccountRoutes(accounts, enrollments, new PlanService(accounts, enrollments), tokens, notifications,
                services.orders(), new CustomerPrinters(catalog, new CustomerOrders(catalog))).register(endpoints);
        new FulfilmentRoutes(new OrderQueries(), services.orders()).register(endpoints);
        new DeadLetterRoutes(services.deadLetters(), services.replayer()).register(endpoints);
        new TokenRoutes(tokens, accounts).register(endpoints);
        new CancellationRequestRoutes(new CancellationRequests(notifications), services.orders()).register(endpoints);
        readinessChecks.put("database", this::databaseReachable);
        registerOperations();
    }

    /** What the API's routes act with. */
    public record Services(OrderCommands orders, DeadLetterStore deadLetters, DeadLetterReplayer replayer) {
    }

    /** The API's endpoint registration, for routes added by other packages (the dashboard). */
    public Endpoints endpoints() {
        return endpoints;
    }

    /** Adds a check {@code /health/ready} reports (for example: the consumer thread is alive). */
    public void addReadinessCheck(String name, BooleanSupplier check) {
        readinessChecks.put(name, check);
    }

    /** The Javalin app, to add routes before {@link #start()}. */
    public Javalin app() {
        return app;
    }

    /** The API's bearer token check, for routes added to {@link #app()}. */
    public Authenticator authenticator() {
        return authenticator;
    }

    public synchronized void start() {
        app.start(config.port());
        housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "api-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(this::purgeIdempotencyKeys, 1, 60, TimeUnit.MINUTES);
        log.info("HTTP API started [port={}]", port());
    }

    /** The bound port (the configured one, or the one picked for port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public synchronized void close() {
        if (housekeeping != null) {
            housekeeping.shutdownNow();
            housekeeping = null;
        }
        app.stop();
        log.info("HTTP API stopped");
    }

    private void registerErrorHandling() {
        app.before(ctx -> {
            String given = ctx.header(CORRELATION_ID);
            String id = given != null && GIVEN_CORRELATION_ID.matcher(given).matches() ? given
                    : UUID.randomUUID().toString();
            ctx.attribute(CORRELATION_ID, id);
            ctx.header(CORRELATION_ID, id);
        });
        app.exception(ApiProblem.class, (problem, ctx) -> Problems.write(ctx, problem, correlationId(ctx)));
        app.exception(HttpResponseException.class, (e, ctx) -> Problems.write(ctx,
                new ApiProblem(e.getStatus(), statusType(e.getStatus()), e.getMessage(), e.getMessage()),
                correlationId(ctx)));
        app.exception(Exception.class, this::serverError);
    }

    /** Never a stack trace to the caller: the correlation id links the answer to the log. */
    private void serverError(Exception e, Context ctx) {
        String id = correlationId(ctx);
        if (SqlErrors.unavailable(e)) {
            log.warn("Database unavailable [correlationId={}, method={}, path={}]", id, ctx.method(), ctx.path(), e);
            ctx.header("Retry-After", "5");
            Problems.write(ctx, new ApiProblem(503, "unavailable", "Service unavailable",
                    "The database is not reachable; retry later"), id);
            return;
        }
        log.error("Request failed [correlationId={}, method={}, path={}]", id, ctx.method(), ctx.path(), e);
        Problems.write(ctx, new ApiProblem(500, "internal", "Internal server error",
                "The request failed on the server; quote correlationId " + id + " when reporting it"), id);
    }

    private static String statusType(int status) {
        return switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "body-too-large";
            default -> "http-" + status;
        };
    }

    private static String correlationId(Context ctx) {
        String id = ctx.attribute(CORRELATION_ID);
        return id != null ? id : UUID.randomUUID().toString();
    }

    private void registerOperations() {
        app.get("/health/live", ctx -> ctx.contentType("application/json").result(Endpoints.json(Map.of("status", "UP"))));
        app.get("/health/ready", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            boolean up = true;
            for (var check : readinessChecks.entrySet()) {
                boolean ok = check.getValue().getAsBoolean();
                body.put(check.getKey(), ok ? "UP" : "DOWN");
                up &= ok;
            }
            body.put("status", up ? "UP" : "DOWN");
            ctx.status(up ? 200 : 503).contentType("application/json").result(Endpoints.json(body));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(registry.scrape()));
    }

    /**
     * A connection that answers within {@link #READINESS_TIMEOUT}: while PostgreSQL is down the pool would
     * keep a caller waiting for its whole connection timeout, longer than any probe waits.
     */
    private boolean databaseReachable() {
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(() -> {
            try (Connection c = dataSource.getConnection()) {
                return c.isValid((int) READINESS_TIMEOUT.toSeconds());
            } catch (SQLException e) {
                log.debug("Readiness check failed [error={}]", e.toString());
                return false;
            }
        }, Thread::startVirtualThread);
        try {
            return check.get(READINESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void purgeIdempotencyKeys() {
        try {
            int purged = idempotency.purgeBefore(clock.instant().minus(IDEMPOTENCY_RETENTION));
            if (purged > 0) {
                log.info("Idempotency keys purged [count={}]", purged);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Idempotency key purge failed", e);
        }
    }
}
