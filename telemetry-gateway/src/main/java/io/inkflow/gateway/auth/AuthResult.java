package io.inkflow.gateway.auth;

/** The outcome of checking a CONNECT's credentials. */
public sealed interface AuthResult {

    /** The client is the printer {@code serial}. */
    record Authenticated(String serial) implements AuthResult {
    }

    /** Unknown serial, wrong secret, revoked device, or no credentials sent. Counts towards throttling. */
    record Refused(String why) implements AuthResult {
    }

    /** The gateway cannot decide yet (credentials still loading); the client should retry later. */
    record Unavailable() implements AuthResult {
    }
}
