package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.deadletter.DeadLetterStore;
import io.inkflow.dispatcher.deadletter.DeadLetterStore.Stored;
import io.inkflow.dispatcher.ingest.DeadLetterReplayer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** The fulfilment team's view of the records the consumers set aside, and their replay after a fix. */
final class DeadLetterRoutes {
    private final DeadLetterStore store;
    private final DeadLetterReplayer replayer;

    DeadLetterRoutes(DeadLetterStore store, DeadLetterReplayer replayer) {
        this.store = store;
        this.replayer = replayer;
    }

    void register(Endpoints endpoints) {
        endpoints.get("/api/v1/dead-letters", Access.fulfilmentOrAdmin(), this::list);
        endpoints.get("/api/v1/dead-letters/{id}", Access.fulfilmentOrAdmin(),
                (r, c) -> ApiResponse.ok(view(store.find(c, id(r)).orElseThrow(() -> notFound(r)))));
        endpoints.post("/api/v1/dead-letters/{id}/replay", Access.fulfilmentOrAdmin(), this::replay);
    }

    private ApiResponse list(ApiRequest request, Connection c) throws SQLException {
        String statusName = request.query("status");
        DeadLetterStore.Status status = null;
        if (statusName != null) {
            try {
                status = DeadLetterStore.Status.valueOf(statusName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid(List.of(new ApiProblem.FieldError("status",
                        "must be one of " + List.of(DeadLetterStore.Status.values()))));
            }
        }
        String before = request.query("before");
        Long beforeId = null;
        if (before != null) {
            try {
                beforeId = Long.parseLong(before);
            } catch (NumberFormatException e) {
                throw ApiProblem.invalid(List.of(new ApiProblem.FieldError("before", "must be an id from a previous page")));
            }
        }
        int limit = request.queryInt("limit", 100, 1, 1000);
        List<Stored> page = store.list(c, status, beforeId, limit + 1);
        Long next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = page.getLast().id();
        }
        return ApiResponse.ok(new OrderViews.DeadLetterPage(page.stream().map(DeadLetterRoutes::view).toList(), next));
    }

    private ApiResponse replay(ApiRequest request, Connection c) throws SQLException {
        long id = id(request);
        return switch (replayer.replay(c, id, request.principal().id())) {
            case DeadLetterReplayer.Result.Replayed replayed ->
                    ApiResponse.ok(new OrderViews.Replay(id, DeadLetterStore.Status.REPLAYED.name(), null, null));
            // the new reason is stored with the dead letter, so this is an answer, not an error that rolls back
            case DeadLetterReplayer.Result.RefusedAgain again -> ApiResponse.ok(new OrderViews.Replay(id,
                    DeadLetterStore.Status.OPEN.name(), again.letter().reason().name(), again.letter().detail()));
            case DeadLetterReplayer.Result.NotFound missing -> throw notFound(request);
            case DeadLetterReplayer.Result.AlreadyReplayed already -> throw ApiProblem.conflict("dead-letter-replayed",
                    "Dead letter " + id + " was replayed already");
            case DeadLetterReplayer.Result.NoHandler none -> throw ApiProblem.conflict("dead-letter-no-consumer",
                    "The dispatcher no longer reads topic " + none.topic());
        };
    }

    private static long id(ApiRequest request) {
        try {
            return Long.parseLong(request.pathParam("id"));
        } catch (NumberFormatException e) {
            throw notFound(request);
        }
    }

    private static ApiProblem notFound(ApiRequest request) {
        return ApiProblem.notFound("No dead letter " + request.pathParam("id"));
    }

    private static OrderViews.DeadLetter view(Stored s) {
        byte[] key = s.letter().key();
        byte[] value = s.letter().value();
        return new OrderViews.DeadLetter(s.id(), s.letter().topic(), s.letter().partition(), s.letter().offset(),
                key == null ? null : new String(key, StandardCharsets.UTF_8),
                value == null ? null : new String(value, StandardCharsets.UTF_8),
                value == null ? null : Base64.getEncoder().encodeToString(value), s.letter().reason().name(),
                s.letter().detail(), s.status().name(), s.replayAttempts(), s.createdAt(), s.replayedAt(), s.replayedBy());
    }
}
