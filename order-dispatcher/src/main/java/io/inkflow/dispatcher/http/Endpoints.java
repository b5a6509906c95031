package io.inkflow.dispatcher.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.schemas.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Registers API endpoints with what every one of them needs, in this order: bearer authentication
 * (401), role (403), account ownership (404), a bounded body (413, 415), then for a POST the
 * Idempotency-Key (400, 409, 422 or a replay), and the handler in a database transaction ({@link Tx}).
 * A POST's response is stored for its Idempotency-Key in the SAME transaction as the handler's changes:
 * either both are committed or neither, so a retry never applies a command twice. Public so that the
 * dashboard registers its routes with the same authentication, roles and problem answers.
 */
public final class Endpoints {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    /** A handler that runs inside the request's database transaction. */
    @FunctionalInterface
    public interface DbHandler {
        ApiResponse handle(ApiRequest request, Connection connection) throws SQLException;
    }

    private final Javalin app;
    private final Authenticator authenticator;
    private final IdempotencyStore idempotency;
    private final DataSource dataSource;
    private final Tx tx;
    private final Clock clock;
    private final int maxBodyBytes;

    Endpoints(Javalin app, Authenticator authenticator, IdempotencyStore idempotency, Tx tx, Clock clock,
              int maxBodyBytes) {
        this.app = app;
        this.authenticator = authenticator;
        this.idempotency = idempotency;
        this.dataSource = tx.dataSource();
        this.tx = tx;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A read: no transaction, one connection for the handler. */
    public void get(String path, Access access, DbHandler handler) {
        app.get(path, ctx -> {
            ApiRequest request = admit(ctx, access);
            try (Connection c = dataSource.getConnection()) {
                respond(ctx, handler.handle(request, c));
            }
        });
    }

    public void put(String path, Access access, DbHandler handler) {
        app.put(path, ctx -> {
            ApiRequest request = admit(ctx, access);
            respond(ctx, tx.run(c -> handler.handle(request, c)));
        });
    }

    /** A command: Idempotency-Key required; handler and stored response commit together. */
    public void post(String path, Access access, DbHandler handler) {
        app.post(path, ctx -> idempotent(ctx, admit(ctx, access), (request, claim) ->
                tx.run(c -> {
                    ApiResponse response = handler.handle(request, c);
                    complete(c, request, ctx, claim, response);
                    return response;
                })));
    }

    /**
     * A POST that changes nothing durable (the dashboard's short-lived stream ticket), so there is nothing
     * a retry could apply twice and no Idempotency-Key to ask for.
     */
    public void postWithoutKey(String path, Access access, DbHandler handler) {
        app.post(path, ctx -> {
            ApiRequest request = admit(ctx, access);
            try (Connection c = dataSource.getConnection()) {
                respond(ctx, handler.handle(request, c));
            }
        });
    }

    private interface ClaimedWork {
        ApiResponse run(ApiRequest request, IdempotencyStore.Claim.Claimed claim) throws SQLException;
    }

    private void idempotent(Context ctx, ApiRequest request, ClaimedWork work) throws SQLException {
        String key = ctx.header(IDEMPOTENCY_KEY);
        if (key == null || key.isEmpty()) {
            throw new ApiProblem(400, "idempotency-key-missing", "Idempotency-Key required",
                    "Every POST needs an Idempotency-Key header (for example a UUID)");
        }
        if (!KEY.matcher(key).matches()) {
            throw new ApiProblem(400, "idempotency-key-invalid", "Invalid Idempotency-Key",
                    "The Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        String principal = request.principal().id();
        byte[] hash = ApiTokens.sha256(ctx.method().name() + '\n' + ctx.path() + '\n'
                + new String(request.body(), StandardCharsets.UTF_8));
        switch (idempotency.claim(principal, key, hash, clock.instant())) {
            case IdempotencyStore.Claim.Replay replay -> {
                ctx.header(REPLAYED, "true");
                ctx.status(replay.status()).contentType("application/json").result(replay.body());
            }
            case IdempotencyStore.Claim.Mismatch mismatch -> throw new ApiProblem(422, "idempotency-key-reused",
                    "Idempotency-Key reused", "This Idempotency-Key was already used with a different request");
            case IdempotencyStore.Claim.InProgress inProgress -> {
                ctx.header("Retry-After", "1");
                throw new ApiProblem(409, "idempotency-key-in-progress", "Request in progress",
                        "A request with this Idempotency-Key is still being processed");
            }
            case IdempotencyStore.Claim.Claimed claimed -> {
                ApiResponse response;
                try {
                    response = work.run(request, claimed);
                } catch (SQLException | RuntimeException | Error e) {
                    try {
                        idempotency.release(principal, key, claimed.at());
                    } catch (SQLException releaseFailure) {
                        e.addSuppressed(releaseFailure);
                    }
                    throw e;
                }
                respond(ctx, response);
            }
        }
    }

    private void complete(Connection c, ApiRequest request, Context ctx, IdempotencyStore.Claim.Claimed claim,
                          ApiResponse response) throws SQLException {
        boolean stored = idempotency.complete(c, request.principal().id(), ctx.header(IDEMPOTENCY_KEY), claim.at(),
                response.status(), json(response.replayBody()), clock.instant());
        if (!stored) {
            throw new ApiProblem(409, "idempotency-key-in-progress", "Request in progress",
                    "A later request with this Idempotency-Key took over");
        }
    }

    private ApiRequest admit(Context ctx, Access access) throws SQLException {
        Optional<Principal> found = authenticator.fromHeader(ctx.header("Authorization"));
        if (found.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiProblem(401, "unauthenticated", "Unauthenticated",
                    "A valid bearer token is required (Authorization: Bearer <token>)");
        }
        Principal principal = found.get();
        if (!access.roles().contains(principal.role())) {
            throw new ApiProblem(403, "forbidden", "Forbidden",
                    "The " + principal.role() + " role may not call this endpoint");
        }
        if (access.accountScoped() && principal.role() == Role.CUSTOMER
                && !principal.accountId().equals(ctx.pathParam("accountId"))) {
            throw ApiProblem.notFound("No account " + ctx.pathParam("accountId"));
        }
        return new ApiRequest(ctx, principal, readBody(ctx), clock.instant());
    }

    private byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes(maxBodyBytes + 1);
        } catch (IOException e) {
            throw ApiProblem.badRequest("The request body cannot be read");
        }
        if (body.length > maxBodyBytes) {
            throw tooLarge();
        }
        String contentType = ctx.contentType();
        if (body.length > 0 && (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
            throw new ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                    "Request bodies must be application/json");
        }
        return body;
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(413, "body-too-large", "Request body too large",
                "Request bodies are limited to " + maxBodyBytes + " bytes");
    }

    static void respond(Context ctx, ApiResponse response) {
        ctx.status(response.status()).contentType("application/json").result(json(response.body()));
    }

    static String json(Object body) {
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a response", e);
        }
    }
}
