package io.inkflow.dispatcher.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes {@code application/problem+json} answers (RFC 9457). */
final class Problems {
    static final String CONTENT_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://inkflow.io/problems/";

    private Problems() {
    }

    static void write(Context ctx, ApiProblem problem, String correlationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("instance", ctx.path());
        body.put("correlationId", correlationId);
        if (!problem.errors().isEmpty()) {
            body.put("errors", problem.errors());
        }
        problem.extensions().forEach(body::putIfAbsent);
        ctx.status(problem.status()).contentType(CONTENT_TYPE).result(Endpoints.json(body));
    }
}
