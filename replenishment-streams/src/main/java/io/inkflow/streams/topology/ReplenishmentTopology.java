package io.inkflow.streams.topology;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.JsonSerde;
import io.inkflow.schemas.PrinterStatus;
import io.inkflow.schemas.RejectedRecord;
import io.inkflow.schemas.ReplenishmentOrder;
import io.inkflow.schemas.SupplyEvent;
import io.inkflow.schemas.Topics;
import io.inkflow.streams.StreamsConfig;
import io.inkflow.streams.policy.ReportPolicy;
import io.inkflow.streams.policy.StalePolicy;
import io.inkflow.streams.policy.StatusPolicy;
import io.inkflow.streams.runtime.ReplenishmentMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The replenishment topology. Telemetry and enrollments are co-partitioned by serial, so both feed
 * processors of one sub-topology sharing the per-printer store (a store-backed join: an enrollment
 * updates the state, a report reads it). The catalog is a global store so every task sees every
 * model and catalog changes apply at once.
 *
 * <pre>
 * printer.telemetry.v1   -> telemetry-processor  -> replenishment.orders.v1, supply.events.v1, rejected,
 *                                                    printer.status.v1 (rate-limited, store printer-status-marks)
 * printer.enrollments.v1 -> enrollment-processor -> replenishment.orders.v1, supply.events.v1 (on activation), rejected
 *                            both use store printer-state (changelogged)
 * model.catalog.v1       -> catalog-processor    -> global store model-catalog
 * </pre>
 */
public final class ReplenishmentTopology {
    private ReplenishmentTopology() {
    }

    public static Topology build(StreamsConfig config) {
        return build(config, ReplenishmentMetrics.discarding());
    }

    public static Topology build(StreamsConfig config, ReplenishmentMetrics metrics) {
        ReportPolicy reportPolicy = new ReportPolicy(config.policy());
        StalePrinterCheck staleCheck = new StalePrinterCheck(new StalePolicy(config.policy()), metrics);
        StatusPublisher statusPublisher = new StatusPublisher(
                new StatusPolicy(config.statusMinInterval(), config.statusHeartbeat()), metrics);
        AtomicLong catalogVersion = new AtomicLong();
        Topology topology = new Topology();
        topology.addSource(StoreNames.TELEMETRY_SOURCE, Serdes.String().deserializer(),
                new TelemetryReportDeserializer(), Topics.TELEMETRY);
        topology.addSource(StoreNames.ENROLLMENT_SOURCE, Serdes.String().deserializer(),
                JsonSerde.of(Enrollment.class).deserializer(), Topics.ENROLLMENTS);
        topology.addProcessor(StoreNames.TELEMETRY_PROCESSOR,
                () -> new TelemetryProcessor(reportPolicy, staleCheck, config.staleCheckInterval(), metrics,
                        new CatalogCache(catalogVersion), statusPublisher),
                StoreNames.TELEMETRY_SOURCE);
        topology.addProcessor(StoreNames.ENROLLMENT_PROCESSOR, () -> new EnrollmentProcessor(reportPolicy, new CatalogCache(catalogVersion), metrics),
                StoreNames.ENROLLMENT_SOURCE);
        // No record cache: each printer's state is written once per report, and a printer reports
        // minutes apart, so a cache holds no second write to save within a commit interval. It cost
        // 7% of the stream thread (and flushed every dirty entry inside the commit, in the latency).
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.PRINTER_STATE), Serdes.String(),
                        new PrinterStateSerde()).withCachingDisabled(),
                StoreNames.TELEMETRY_PROCESSOR, StoreNames.ENROLLMENT_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.STATUS_MARKS), Serdes.String(),
                        new StatusMarkSerde()).withCachingEnabled(),
                StoreNames.TELEMETRY_PROCESSOR);
        topology.addGlobalStore(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.MODEL_CATALOG), Serdes.String(),
                        JsonSerde.of(CatalogEntry.class)).withLoggingDisabled(),
                StoreNames.CATALOG_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.MODEL_CATALOG, StoreNames.CATALOG_PROCESSOR, () -> new CatalogUpdater(metrics, catalogVersion));
        topology.addSink(StoreNames.ORDERS_SINK, Topics.ORDERS, Serdes.String().serializer(),
                JsonSerde.of(ReplenishmentOrder.class).serializer(), StoreNames.TELEMETRY_PROCESSOR,
                StoreNames.ENROLLMENT_PROCESSOR);
        topology.addSink(StoreNames.SUPPLY_EVENTS_SINK, Topics.SUPPLY_EVENTS, Serdes.String().serializer(),
                JsonSerde.of(SupplyEvent.class).serializer(), StoreNames.TELEMETRY_PROCESSOR,
                StoreNames.ENROLLMENT_PROCESSOR);
        topology.addSink(StoreNames.REJECTED_SINK, Topics.TELEMETRY_REJECTED, Serdes.String().serializer(),
                JsonSerde.of(RejectedRecord.class).serializer(), StoreNames.TELEMETRY_PROCESSOR,
                StoreNames.ENROLLMENT_PROCESSOR);
        topology.addSink(StoreNames.STATUS_SINK, Topics.PRINTER_STATUS, Serdes.String().serializer(),
                JsonSerde.of(PrinterStatus.class).serializer(), StoreNames.TELEMETRY_PROCESSOR);
        return topology;
    }
}
