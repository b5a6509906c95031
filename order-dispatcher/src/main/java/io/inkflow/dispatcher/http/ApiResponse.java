package io.inkflow.dispatcher.http;

/**
 * A successful answer of a handler.
 *
 * @param body       serialised as JSON
 * @param replayBody what an idempotent replay of this response answers: the same as {@code body} unless
 *                   the body carries a secret shown only once (an API token, a device secret)
 */
public record ApiResponse(int status, Object body, Object replayBody) {
    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, body);
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body, body);
    }

    public static ApiResponse okWithSecret(Object body, Object bodyWithoutSecret) {
        return new ApiResponse(200, body, bodyWithoutSecret);
    }

    public static ApiResponse createdWithSecret(Object body, Object bodyWithoutSecret) {
        return new ApiResponse(201, body, bodyWithoutSecret);
    }
}
