package io.inkflow.dispatcher.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** {@code dispatcher.http.requests{method, outcome}}: a timer per HTTP method and outcome class. */
final class HttpMetrics {
    /** The outcome classes of a request (tags come from enums only). */
    enum Outcome {
        SUCCESS, CLIENT_ERROR, SERVER_ERROR;

        static Outcome of(int status) {
            return status >= 500 ? SERVER_ERROR : status >= 400 ? CLIENT_ERROR : SUCCESS;
        }
    }

    /** The methods the API serves; anything else is counted as OTHER. */
    enum Method {
        GET, POST, PUT, DELETE, OTHER;

        static Method of(String name) {
            return switch (name) {
                case "GET" -> GET;
                case "POST" -> POST;
                case "PUT" -> PUT;
                case "DELETE" -> DELETE;
                default -> OTHER;
            };
        }
    }

    private final Map<Method, Map<Outcome, Timer>> timers = new EnumMap<>(Method.class);

    HttpMetrics(MeterRegistry registry) {
        for (Method method : Method.values()) {
            Map<Outcome, Timer> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Timer.builder("dispatcher.http.requests")
                        .description("HTTP API requests by method and outcome")
                        .tag("method", method.name()).tag("outcome", outcome.name())
                        .register(registry));
            }
            timers.put(method, byOutcome);
        }
    }

    void record(String method, int status, Duration duration) {
        timers.get(Method.of(method)).get(Outcome.of(status)).record(duration);
    }
}
