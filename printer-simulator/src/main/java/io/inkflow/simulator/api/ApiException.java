package io.inkflow.simulator.api;

/** The dispatcher answered with an error status (the body is its problem+json, if any). */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(String request, int status, String body) {
        super(request + " -> HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body)));
        this.status = status;
    }

    public ApiException(String request, Throwable cause) {
        super(request + " failed: " + cause.getMessage(), cause);
        this.status = -1;
    }

    /** HTTP status, or -1 when no response arrived. */
    public int status() {
        return status;
    }

    /** Worth retrying with the same idempotency key: no answer, a server error, or still in progress. */
    public boolean retryable() {
        return status == -1 || status == 409 || status == 429 || status >= 500;
    }

    private static String abbreviate(String body) {
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }
}
