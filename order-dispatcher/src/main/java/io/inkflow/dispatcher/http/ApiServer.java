package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.account.AccountStore;
import io.inkflow.dispatcher.account.DeviceSecrets;
import io.inkflow.dispatcher.account.EnrollmentService;
import io.inkflow.dispatcher.account.PlanService;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.order.OrderCommands;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.orders.CancellationRequests;
import io.inkflow.schemas.ModelCatalog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    private final ApiConfig config;
    private final DataSource dataSource;
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private final Authenticator authenticator;
    private final IdempotencyStore idempotency;
    private final HttpMetrics metrics;
    private final Javalin app;
    private ScheduledExecutorService housekeeping;

    public ApiServer(DataSource dataSource, Clock clock, OrderCommands orderCommands, PrometheusMeterRegistry registry,
                     ApiConfig config) {
        this.config = config;
        this.dataSource = dataSource;
        this.clock = clock;
        this.registry = registry;
        ApiTokens tokens = new ApiTokens();
        this.authenticator = new Authenticator(dataSource, config.adminToken(), tokens);
        this.idempotency = new IdempotencyStore(dataSource);
        this.metrics = new HttpMetrics(registry);
        this.app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.startupWatcherEnabled = false;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.requestLogger.http((ctx, ms) -> metrics.record(ctx.method().name(), ctx.statusCode(),
                    Duration.ofNanos((long) (ms * 1_000_000))));
        });
        registerErrorHandling();
        Endpoints endpoints = new Endpoints(app, authenticator, idempotency, dataSource, clock, config.maxBodyBytes());
        AccountStore accounts = new AccountStore();
        EnrollmentService enrollments = new EnrollmentService(ModelCatalog.bundled(), new DeviceSecrets(), accounts);
        NotificationOutbox notifications = new NotificationOutbox(clock);
        new AccountRoutes(accounts, enrollments, new PlanService(accounts, enrollments), tokens, notifications,
                orderCommands, dataSource).register(endpoints);
        new FulfilmentRoutes(new OrderQueries(), orderCommands).register(endpoints);
        new TokenRoutes(tokens, accounts).register(endpoints);
        new CancellationRequestRoutes(new CancellationRequests(notifications), orderCommands, new Tx(dataSource))
                .register(endpoints);
        registerOperations();
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
        if (unavailable(e)) {
            log.warn("Database unavailable [correlationId={}, method={}, path={}, error={}]", id, ctx.method(),
                    ctx.path(), e.toString());
            ctx.header("Retry-After", "5");
            Problems.write(ctx, new ApiProblem(503, "unavailable", "Service unavailable",
                    "The database is not reachable; retry later"), id);
            return;
        }
        log.error("Request failed [correlationId={}, method={}, path={}]", id, ctx.method(), ctx.path(), e);
        Problems.write(ctx, new ApiProblem(500, "internal", "Internal server error",
                "The request failed on the server; quote correlationId " + id + " when reporting it"), id);
    }

    private static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || (t instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
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
            boolean up = databaseReachable();
            ctx.status(up ? 200 : 503).contentType("application/json")
                    .result(Endpoints.json(Map.of("status", up ? "UP" : "DOWN", "database", up ? "UP" : "DOWN")));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(registry.scrape()));
    }

    private boolean databaseReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            log.debug("Readiness check failed [error={}]", e.toString());
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
            log.warn("Idempotency key purge failed [error={}]", e.toString());
        }
    }
}
