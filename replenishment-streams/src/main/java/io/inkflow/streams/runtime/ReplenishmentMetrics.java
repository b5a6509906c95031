package io.inkflow.streams.runtime;

import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.RejectionReason;
import io.inkflow.schemas.Series;
import io.inkflow.schemas.SupplyEventType;
import io.inkflow.streams.policy.Freshness;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The application's own meters. Counters are created up front per enum value so the hot path is a
 * map lookup. Counts are per processing attempt: a record reprocessed after an aborted transaction
 * counts again (the emitted records themselves are exactly once).
 */
public final class ReplenishmentMetrics {
    private final MeterRegistry registry;
    private final Map<OrderTrigger, Map<Series, Counter>> orders = new EnumMap<>(OrderTrigger.class);
    private final Map<Freshness, Counter> dropped = new EnumMap<>(Freshness.class);
    private final Map<SupplyEventType, Counter> supplyEvents = new EnumMap<>(SupplyEventType.class);
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
    private final Counter accepted;
    private final Counter unknownModel;
    private final Counter catalogInvalid;
    private final Counter statusPublished;

    public ReplenishmentMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (OrderTrigger trigger : OrderTrigger.values()) {
            Map<Series, Counter> bySeries = new EnumMap<>(Series.class);
            for (Series series : Series.values()) {
                bySeries.put(series, Counter.builder("streams.orders.emitted").tag("trigger", trigger.name())
                        .tag("series", series.name()).description("Replenishment orders emitted").register(registry));
            }
            orders.put(trigger, bySeries);
        }
        for (Freshness freshness : Freshness.values()) {
            if (!freshness.accepted()) {
                dropped.put(freshness, Counter.builder("streams.reports.duplicate").tag("kind", freshness.name())
                        .description("Reports dropped by sequence dedup").register(registry));
            }
        }
        for (SupplyEventType type : SupplyEventType.values()) {
            supplyEvents.put(type, Counter.builder("streams.supply.events").tag("type", type.name())
                    .description("Supply events published").register(registry));
        }
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason, Counter.builder("streams.records.rejected").tag("reason", reason.name())
                    .description("Records routed to the rejected-records topic").register(registry));
        }
        accepted = Counter.builder("streams.reports.accepted").description("Reports that passed dedup")
                .register(registry);
        unknownModel = Counter.builder("streams.reports.unknown.model")
                .description("Accepted reports whose model is not in the catalog").register(registry);
        catalogInvalid = Counter.builder("streams.catalog.invalid")
                .description("Catalog records that could not be read and were skipped").register(registry);
        statusPublished = Counter.builder("streams.status.published")
                .description("Printer status records published (rate-limited per printer)").register(registry);
    }

    /** Meters that go nowhere, for tests and tools that do not scrape. */
    public static ReplenishmentMetrics discarding() {
        return new ReplenishmentMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void orderEmitted(OrderTrigger trigger, Series series) {
        orders.get(trigger).get(series).increment();
    }

    public void reportAccepted() {
        accepted.increment();
    }

    public void reportDropped(Freshness freshness) {
        dropped.get(freshness).increment();
    }

    public void supplyEvent(SupplyEventType type) {
        supplyEvents.get(type).increment();
    }

    public void rejected(RejectionReason reason) {
        rejected.get(reason).increment();
    }

    public void unknownModel() {
        unknownModel.increment();
    }

    public void statusPublished() {
        statusPublished.increment();
    }

    public void catalogInvalid() {
        catalogInvalid.increment();
    }
}
