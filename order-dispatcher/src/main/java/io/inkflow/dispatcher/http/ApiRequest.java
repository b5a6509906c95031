package io.inkflow.dispatcher.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.regex.Pattern;

/** One authenticated, size-checked request as a handler sees it. */
public final class ApiRequest {
    /** Ids the API issues ({@code acc-...}, UUID order ids): anything else cannot exist. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final Context ctx;
    private final Principal principal;
    private final byte[] body;
    private final Instant now;

    ApiRequest(Context ctx, Principal principal, byte[] body, Instant now) {
        this.ctx = ctx;
        this.principal = principal;
        this.body = body;
        this.now = now;
    }

    public Principal principal() {
        return principal;
    }

    public byte[] body() {
        return body;
    }

    public Instant now() {
        return now;
    }

    /** The body as a JSON object ({@code {}} when empty). */
    public JsonInput json() {
        return JsonInput.parse(body);
    }

    /** A path parameter that names an id; a malformed one is answered 404 as no such id can exist. */
    public String id(String name, String what) {
        String value = ctx.pathParam(name);
        if (!ID.matcher(value).matches()) {
            throw ApiProblem.notFound("No " + what + " " + value);
        }
        return value;
    }

    public String pathParam(String name) {
        return ctx.pathParam(name);
    }

    /** A query parameter, null when absent or empty. */
    public String query(String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** An optional integer query parameter within bounds. */
    public int queryInt(String name, int defaultValue, int min, int max) {
        String value = query(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.invalid(java.util.List.of(new ApiProblem.FieldError(name,
                "must be an integer between " + min + " and " + max)));
    }
}
