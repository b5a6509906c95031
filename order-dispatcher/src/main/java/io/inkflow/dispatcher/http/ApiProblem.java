package io.inkflow.dispatcher.http;

import java.util.List;
import java.util.Map;

/**
 * A client-side failure answered as {@code application/problem+json} (RFC 9457). Thrown anywhere in
 * a handler; nothing the handler wrote to the database in its transaction stays.
 *
 * @param errors field-level details of a validation failure, may be empty
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;

    public ApiProblem(int status, String type, String title, String detail, List<FieldError> errors,
                      Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
    }

    public ApiProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of(), Map.of());
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "bad-request", "Bad request", detail);
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        return new ApiProblem(400, "validation", "Invalid request", "The request body or parameters are invalid",
                errors, Map.of());
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail);
    }

    public static ApiProblem conflict(String type, String detail) {
        return new ApiProblem(409, type, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    /** The last segment of the problem type URI, for example {@code validation}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** One invalid input: a JSON path such as {@code shippingAddress.postalCode}, or a parameter name. */
    public record FieldError(String field, String message) {
    }
}
