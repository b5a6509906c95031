package io.inkflow.gateway.ingest;

import java.util.Optional;

/** The one topic printers publish to: {@code printers/{serial}/telemetry}. */
public final class TelemetryTopic {
    private static final String PREFIX = "printers/";
    private static final String SUFFIX = "/telemetry";

    private TelemetryTopic() {
    }

    public static String of(String serial) {
        return PREFIX + serial + SUFFIX;
    }

    /** The serial named by the topic, or empty when the topic is not a telemetry topic. */
    public static Optional<String> serialOf(String topic) {
        if (topic == null || !topic.startsWith(PREFIX) || !topic.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String serial = topic.substring(PREFIX.length(), topic.length() - SUFFIX.length());
        if (serial.isEmpty() || serial.indexOf('/') >= 0) {
            return Optional.empty();
        }
        return Optional.of(serial);
    }

    /**
     * Whether a client may publish to {@code topic}: only its own serial's telemetry topic. When
     * authentication is off ({@code authenticatedSerial} null) any telemetry topic is allowed.
     */
    public static boolean mayPublish(String authenticatedSerial, String topic) {
        Optional<String> serial = serialOf(topic);
        return serial.isPresent() && (authenticatedSerial == null || authenticatedSerial.equals(serial.get()));
    }
}
