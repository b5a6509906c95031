package io.inkflow.dispatcher.http;

/**
 * Settings of the HTTP API.
 *
 * @param port         listening port; 0 picks a free one ({@link ApiServer#port()} reports it)
 * @param adminToken   the bearer token of the ADMIN role ({@code DISPATCHER_ADMIN_TOKEN})
 * @param maxBodyBytes largest accepted request body; larger ones are answered 413
 */
public record ApiConfig(int port, String adminToken, int maxBodyBytes) {
    /** A sensible default for {@code maxBodyBytes}: every API body is a few hundred bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public ApiConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("API port must be 0..65535: " + port);
        }
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("API admin token (DISPATCHER_ADMIN_TOKEN) must be set");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("API maxBodyBytes must be 1 KiB..16 MiB: " + maxBodyBytes);
        }
    }

    @Override
    public String toString() {
        return "ApiConfig[port=" + port + ", adminToken=<redacted>, maxBodyBytes=" + maxBodyBytes + "]";
    }
}
