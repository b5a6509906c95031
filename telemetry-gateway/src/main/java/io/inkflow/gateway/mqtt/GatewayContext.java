package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.GatewayConfig;
import io.inkflow.gateway.auth.AuthThrottle;
import io.inkflow.gateway.auth.DeviceAuthenticator;
import io.inkflow.gateway.ingest.RejectedRecords;
import io.inkflow.gateway.ingest.ReportSink;
import io.inkflow.gateway.ingest.ReportValidator;
import io.inkflow.gateway.metrics.GatewayMetrics;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What every connection handler shares, built once by {@code TelemetryGateway.start}.
 *
 * @param authenticator    null when authentication is switched off
 * @param authExecutor     runs the slow password check off the event loop
 * @param stillAuthorized  re-checked after a CONNECT is accepted, closing the race with a revocation
 */
public record GatewayContext(GatewayConfig.Limits limits, boolean authRequired, ReportValidator validator,
                             RejectedRecords rejectedRecords, ReportSink sink, DeviceAuthenticator authenticator,
                             AuthThrottle throttle, Executor authExecutor, Predicate<String> stillAuthorized,
                             SessionRegistry sessions, InflightBudget budget, GatewayMetrics metrics,
                             LongSupplier nanoTime) {
}
