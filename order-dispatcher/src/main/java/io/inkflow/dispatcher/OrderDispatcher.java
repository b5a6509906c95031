package io.inkflow.dispatcher;

import com.zaxxer.hikari.HikariDataSource;
import io.inkflow.dispatcher.dashboard.DashboardAuth;
import io.inkflow.dispatcher.dashboard.DashboardRoutes;
import io.inkflow.dispatcher.events.OrderEventRelay;
import io.inkflow.dispatcher.fulfilment.FulfilmentCommands;
import io.inkflow.dispatcher.fulfilment.FulfilmentContext;
import io.inkflow.dispatcher.fulfilment.FulfilmentWorker;
import io.inkflow.dispatcher.fulfilment.Loop;
import io.inkflow.dispatcher.fulfilment.OrderProcessor;
import io.inkflow.dispatcher.http.ApiConfig;
import io.inkflow.dispatcher.http.ApiServer;
import io.inkflow.dispatcher.ingest.BatchHandler;
import io.inkflow.dispatcher.ingest.OrderBatchWriter;
import io.inkflow.dispatcher.ingest.PrinterStatusWriter;
import io.inkflow.dispatcher.ingest.SupplyEventWriter;
import io.inkflow.dispatcher.ingest.TransactionalConsumer;
import io.inkflow.dispatcher.notify.EmailPreferences;
import io.inkflow.dispatcher.notify.NotificationDeliverer;
import io.inkflow.dispatcher.notify.NotificationMeters;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.notify.UnsubscribeRoutes;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.dispatcher.order.OrderCommands;
import io.inkflow.dispatcher.outbox.OutboxRelay;
import io.inkflow.dispatcher.persistence.AccountReader;
import io.inkflow.dispatcher.persistence.Database;
import io.inkflow.dispatcher.persistence.InventoryStore;
import io.inkflow.dispatcher.persistence.OffsetStore;
import io.inkflow.dispatcher.persistence.OrderStore;
import io.inkflow.dispatcher.persistence.PaymentAttempts;
import io.inkflow.dispatcher.persistence.Shipments;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.PortalRoutes;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogPublisher;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.ModelCatalog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.inkflow.schemas.OrderState;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running order dispatcher: ingests orders exactly once into PostgreSQL, fulfils them (stock,
 * charge, ship or hand to Amazon), sends notifications and publishes order events. All wiring is here,
 * in dependency order; {@link #close()} stops everything in reverse.
 */
public final class OrderDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrderDispatcher.class);
    private static final Duration STATE_GAUGE_INTERVAL = Duration.ofSeconds(5);
    private static final Duration PORTAL_HOUSEKEEPING = Duration.ofMinutes(10);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final PrometheusMeterRegistry metrics;
    private final HikariDataSource dataSource;
    private final FulfilmentCommands commands;
    private final String instanceId;
    private TransactionalConsumer consumer;
    private Thread consumerThread;
    private ApiServer api;

    private OrderDispatcher(PrometheusMeterRegistry metrics, HikariDataSource dataSource, FulfilmentCommands commands,
                            String instanceId) {
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.commands = commands;
        this.instanceId = instanceId;
    }

    /** Starts a dispatcher with the system clock. */
    public static OrderDispatcher start(DispatcherConfig config) {
        return start(config, Clock.systemUTC(), Checkpoint.Listener.NONE);
    }

    /**
     * Starts a dispatcher. {@code checkpoints} is told of each durable step (the crash tests stop a
     * dispatcher at one); production passes {@link Checkpoint.Listener#NONE}.
     */
    public static OrderDispatcher start(DispatcherConfig config, Clock clock, Checkpoint.Listener checkpoints) {
        log.info("Starting order dispatcher [config={}]", config);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters.bindTo(metrics);
        HikariDataSource dataSource = Database.pool(config.jdbcUrl(), config.dbUser(), config.dbPassword(),
                config.dbPoolSize(), "dispatcher-" + config.instanceId(), metrics);
        OrderDispatcher dispatcher = null;
        try {
            Database.migrate(dataSource);
            Tx tx = new Tx(dataSource);
            ModelCatalog catalog = ModelCatalog.bundled();
            if (config.publishCatalog()) {
                int published = CatalogPublisher.publish(config.bootstrapServers(), catalog);
                log.info("Model catalog published [models={}]", published);
            }
            InventoryStore inventory = new InventoryStore();
            tx.runVoid(c -> inventory.seed(c, catalogPrices(catalog), config.initialStock(), clock.instant()));

            AccountReader accounts = new AccountReader();
            NotificationOutbox notifications = new NotificationOutbox(clock);
            Providers providers = Providers.from(config, dataSource, clock, catalog);
            OrderStore orders = new OrderStore(state -> metrics.counter("dispatcher.orders.state", "state",
                    state.name()).increment());
            FulfilmentContext ctx = new FulfilmentContext(tx, orders, inventory, new PaymentAttempts(), new Shipments(),
                    accounts, notifications, providers.payment(), providers.carrier(), providers.amazon(), clock,
                    config.instanceId(),
                    config.leaseDuration(), config.retryBackoff(), config.maxFailures(),
                    config.paymentFailedCancelAfter(), checkpoints, metrics);
            FulfilmentCommands commands = new FulfilmentCommands(ctx);
            dispatcher = new OrderDispatcher(metrics, dataSource, commands, config.instanceId());
            dispatcher.startBackground(config, clock, checkpoints, tx, catalog, notifications, ctx, providers);
            log.info("Order dispatcher started [instanceId={}]", config.instanceId());
            return dispatcher;
        } catch (RuntimeException e) {
            if (dispatcher != null) {
                dispatcher.close();
            } else {
                dataSource.close();
            }
            throw e;
        }
    }

    private void startBackground(DispatcherConfig config, Clock clock, Checkpoint.Listener checkpoints, Tx tx,
                                 ModelCatalog catalog, NotificationOutbox notifications, FulfilmentContext ctx,
                                 Providers providers) {
        Map<String, BatchHandler> handlers = new LinkedHashMap<>();
        handlers.put(config.ordersTopic(), new OrderBatchWriter(catalog, notifications, clock, metrics));
        handlers.put(config.supplyEventsTopic(), new SupplyEventWriter(notifications, metrics));
        handlers.put(config.printerStatusTopic(), new PrinterStatusWriter(catalog, notifications, clock, metrics));
        consumer = new TransactionalConsumer(config.bootstrapServers(), config.groupId(),
                config.instanceId() + "-ingest", config.ingestBatchSize(), handlers, tx, new OffsetStore(), clock,
                config.retryBackoff(), checkpoints);
        consumerThread = Thread.ofPlatform().name("dispatcher-ingest").daemon(true).start(consumer);

        FulfilmentWorker worker = new FulfilmentWorker(ctx, new OrderProcessor(ctx), config.fulfilmentConcurrency(),
                config.fulfilmentBatchSize());
        resources.add(worker);
        resources.add(new Loop("dispatcher-fulfilment", worker::claimAndStart, config.pollInterval()).start());
        resources.add(new Loop("dispatcher-payment-expiry", () -> {
            commands.cancelExpiredPaymentFailures(100);
            return 0;
        }, config.pollInterval().multipliedBy(20)).start());

        resources.add(new Loop("dispatcher-state-gauges", stateGauges(tx, ctx.orders()), STATE_GAUGE_INTERVAL).start());

        NotificationDeliverer deliverer = new NotificationDeliverer(tx, providers.mailer(), providers.renderer(),
                providers.unsubscribeLinks(), clock, 500, config.maxFailures(), config.retryBackoff(),
                new NotificationMeters(metrics, providers.mailer().channel()));
        resources.add(new Loop("dispatcher-notifications", deliverer::deliverBatch, config.pollInterval()).start());

        OrderEventRelay events = new OrderEventRelay(tx, config.bootstrapServers(), config.instanceId() + "-events",
                config.orderEventsTopic(), 500, clock, metrics);
        resources.add(events);
        resources.add(new Loop("dispatcher-order-events", events::publishBatch, config.pollInterval()).start());

        OutboxRelay outbox = new OutboxRelay(dataSource,
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()), clock,
                config.pollInterval(), metrics);
        outbox.start();
        resources.add(outbox);

        // the HTTP API last: once it answers, everything behind it runs
        ApiServer server = new ApiServer(dataSource, clock, commands, metrics,
                new ApiConfig(config.httpPort(), config.adminToken(), ApiConfig.DEFAULT_MAX_BODY_BYTES));
        DashboardRoutes dashboard = new DashboardRoutes(config.dashboard(), dataSource, clock, commands,
                DashboardAuth.of(server.authenticator()));
        resources.add(dashboard);
        dashboard.register(server.app());
        new UnsubscribeRoutes(tx, providers.unsubscribeLinks(), new EmailPreferences(), providers.renderer(), clock)
                .register(server.app());
        PortalRoutes portal = new PortalRoutes(server.app(), tx, clock, config.portal(), catalog, notifications, commands,
                metrics, config.providers().payment() == ProviderConfig.PaymentAdapter.SANDBOX);
        resources.add(new Loop("portal-housekeeping", portal::purge, PORTAL_HOUSEKEEPING).start());
        resources.add(server);
        server.start();
        api = server;
    }

    /**
     * {@code dispatcher.orders.current{state}}: orders in each state now, sampled from the database so all
     * instances report the same truth (the {@code dispatcher.orders.state} counter counts this instance's
     * transitions).
     */
    private IntSupplier stateGauges(Tx tx, OrderStore orders) {
        Map<OrderState, AtomicLong> gauges = new EnumMap<>(OrderState.class);
        for (OrderState state : OrderState.values()) {
            gauges.put(state, metrics.gauge("dispatcher.orders.current", Tags.of("state", state.name()),
                    new AtomicLong()));
        }
        return () -> {
            Map<OrderState, Long> counts = tx.run(orders::countByState);
            gauges.forEach((state, gauge) -> gauge.set(counts.getOrDefault(state, 0L)));
            return 0;
        };
    }

    /** Every SKU of the catalog with its list price (the first price seen for a SKU shared by models). */
    static Map<String, Long> catalogPrices(ModelCatalog catalog) {
        Map<String, Long> prices = new LinkedHashMap<>();
        for (CatalogEntry entry : catalog.entries()) {
            for (CatalogSlot slot : entry.slots()) {
                prices.putIfAbsent(slot.sku(), slot.priceCents());
            }
        }
        return prices;
    }

    /** The commands the HTTP API and the dashboard call. */
    public OrderCommands commands() {
        return commands;
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public String instanceId() {
        return instanceId;
    }

    /** The bound port of the HTTP API (and the dashboard and /metrics). */
    public int httpPort() {
        return api.port();
    }

    /** True while the Kafka consumer thread runs (false after it crashed or was closed). */
    public boolean ingesting() {
        return consumerThread != null && consumerThread.isAlive();
    }

    @Override
    public void close() {
        log.info("Stopping order dispatcher [instanceId={}]", instanceId);
        if (consumer != null) {
            closeQuietly(consumer);
            try {
                consumerThread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            closeQuietly(resources.get(i));
        }
        dataSource.close();
        metrics.close();
        log.info("Order dispatcher stopped [instanceId={}]", instanceId);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("Error while stopping [resource={}, error={}]", resource.getClass().getSimpleName(), e.toString());
        }
    }
}
