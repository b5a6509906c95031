package io.inkflow.dispatcher.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The notification counters, registered once: {@code dispatcher.notifications.delivered{kind,channel}},
 * {@code .failed{kind}} (a delivery to retry), {@code .parked{kind}} and {@code .skipped{kind}} (optional mail
 * the account opted out of). Incremented only after the transaction that recorded the outcome committed.
 */
public final class NotificationMeters {
    private final Map<NotificationKind, Counter> delivered = new EnumMap<>(NotificationKind.class);
    private final Map<NotificationKind, Counter> failed = new EnumMap<>(NotificationKind.class);
    private final Map<NotificationKind, Counter> parked = new EnumMap<>(NotificationKind.class);
    private final Map<NotificationKind, Counter> skipped = new EnumMap<>(NotificationKind.class);

    public NotificationMeters(MeterRegistry registry, MailChannel channel) {
        for (NotificationKind kind : NotificationKind.values()) {
            delivered.put(kind, registry.counter("dispatcher.notifications.delivered", "kind", kind.name(),
                    "channel", channel.name()));
            failed.put(kind, registry.counter("dispatcher.notifications.failed", "kind", kind.name()));
            parked.put(kind, registry.counter("dispatcher.notifications.parked", "kind", kind.name()));
            skipped.put(kind, registry.counter("dispatcher.notifications.skipped", "kind", kind.name()));
        }
    }

    void delivered(NotificationKind kind) {
        delivered.get(kind).increment();
    }

    void failed(NotificationKind kind) {
        failed.get(kind).increment();
    }

    void parked(NotificationKind kind) {
        parked.get(kind).increment();
    }

    void skipped(NotificationKind kind) {
        skipped.get(kind).increment();
    }
}
