package io.inkflow.dispatcher;

import com.zaxxer.hikari.HikariDataSource;
import io.inkflow.dispatcher.dashboard.DashboardFigures;
import io.inkflow.dispatcher.dashboard.DashboardRoutes;
import io.inkflow.dispatcher.deadletter.DeadLetterStore;
import io.inkflow.dispatcher.fulfilment.BatchProcessor;
import io.inkflow.dispatcher.fulfilment.FulfilmentCommands;
import io.inkflow.dispatcher.fulfilment.FulfilmentContext;
import io.inkflow.dispatcher.fulfilment.FulfilmentWorker;
import io.inkflow.dispatcher.fulfilment.Loop;
import io.inkflow.dispatcher.http.ApiConfig;
import io.inkflow.dispatcher.http.ApiServer;
import io.inkflow.dispatcher.ingest.BatchHandler;
import io.inkflow.dispatcher.ingest.DeadLetterReplayer;
import io.inkflow.dispatcher.ingest.OrderBatchWriter;
import io.inkflow.dispatcher.ingest.PrinterStatusWriter;
import io.inkflow.dispatcher.ingest.SupplyEventWriter;
import io.inkflow.dispatcher.ingest.TransactionalConsumer;
import io.inkflow.dispatcher.metrics.DispatcherMetrics;
import io.inkflow.dispatcher.notify.EmailPreferences;
import io.inkflow.dispatcher.notify.NotificationDeliverer;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.notify.UnsubscribeRoutes;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.dispatcher.outbox.OutboxRelay;
import io.inkflow.dispatcher.persistence.AccountReader;
import io.inkflow.dispatcher.persistence.Database;
import io.inkflow.dispatcher.persistence.InventoryStore;
import io.inkflow.dispatcher.persistence.OffsetStore;
import io.inkflow.dispatcher.persistence.OrderCountSampler;
import io.inkflow.dispatcher.persistence.OrderFlowMinutes;
import io.inkflow.dispatcher.persistence.OrderEventLog;
import io.inkflow.dispatcher.persistence.OrderStore;
import io.inkflow.dispatcher.persistence.PaymentAttempts;
import io.inkflow.dispatcher.persistence.Shipments;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.PortalRoutes;
import io.inkflow.dispatcher.quiet.QuietPrinterSweep;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogPublisher;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.metrics.JvmMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running order dispatcher: ingests orders exactly once into PostgreSQL, fulfils them (stock,
 * charge, ship or hand to Amazon), sends notifications and publishes through the outbox. All wiring is
 * here, in dependency order; {@link #close()} stops in the order that loses nothing and logs no false
 * alarm: the HTTP API, then the consumer and every loop (in-flight fulfilment batches get a grace
 * period), then the Kafka producer, and only then the connection pool.
 */
public final class OrderDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrderDispatcher.class);
    private static final Duration GAUGE_INTERVAL = Duration.ofSeconds(5);
    private static final Duration FULFILMENT_STOP_GRACE = Duration.ofSeconds(2);
    private static final Duration PORTAL_HOUSEKEEPING = Duration.ofMinutes(10);
    /** The quiet-printer sweep runs every this many poll intervals (10 s by default): a cheap indexed query. */
    private static final int QUIET_SWEEP_POLLS = 50;
    private static final int OUTBOX_BATCH = 2_000;

    private final PrometheusMeterRegistry registry;
    private final HikariDataSource dataSource;
    private final FulfilmentCommands commands;
    private final Tx tx;
    private final String instanceId;
    private final List<Loop> loops = new ArrayList<>();
    private final List<AutoCloseable> afterLoops = new ArrayList<>();
    private volatile boolean running = true;
    private final List<TransactionalConsumer> consumers = new ArrayList<>();
    private final List<Thread> consumerThreads = new ArrayList<>();
    private FulfilmentWorker worker;
    private ApiServer api;
    private DashboardRoutes dashboard;

    private OrderDispatcher(PrometheusMeterRegistry registry, HikariDataSource dataSource, Tx tx,
                            FulfilmentCommands commands, String instanceId) {
        this.registry = registry;
        this.dataSource = dataSource;
        this.tx = tx;
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
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters.bindTo(registry);
        DispatcherMetrics metrics = new DispatcherMetrics(registry);
        HikariDataSource dataSource = Database.pool(config.jdbcUrl(), config.dbUser(), config.dbPassword(),
                config.dbPoolSize(), "dispatcher-" + config.instanceId(), registry);
        OrderDispatcher dispatcher = null;
        try {
            Database.migrate(dataSource);
            Tx tx = new Tx(dataSource);
            ModelCatalog catalog = ModelCatalog.bundled();
            if (config.publishCatalog()) {
                int published = CatalogPublisher.publish(config.bootstrapServers(), config.kafkaSecurity(), catalog);
                log.info("Model catalog published [models={}]", published);
            }
            InventoryStore inventory = new InventoryStore();
            tx.runVoid(c -> inventory.seed(c, catalogPrices(catalog), config.initialStock(), clock.instant()));

            AccountReader accounts = new AccountReader();
            NotificationOutbox notifications = new NotificationOutbox(clock);
            Providers providers = Providers.from(config, dataSource, clock, catalog);
            OrderEventLog events = new OrderEventLog(config.orderEventsTopic());
            OrderStore orders = new OrderStore(events, metrics);
            PaymentAttempts payments = new PaymentAttempts();
            Shipments shipments = new Shipments();
            FulfilmentContext ctx = new FulfilmentContext(tx, orders, inventory, payments, shipments, accounts,
                    notifications, providers.payment(), providers.carrier(), providers.amazon(), clock,
                    config.instanceId(), config.leaseDuration(), config.retryBackoff(), config.maxFailures(),
                    config.paymentFailedCancelAfter(), config.groupBackorder(), checkpoints, metrics);
            FulfilmentCommands commands = new FulfilmentCommands(orders, inventory, payments, shipments, notifications,
                    clock, metrics);
            dispatcher = new OrderDispatcher(registry, dataSource, tx, commands, config.instanceId());
            dispatcher.startBackground(config, clock, checkpoints, tx, catalog, notifications, events, ctx, metrics,
                    providers);
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

    /**
     * The ingest consumers' own connections, one each: an order arriving from Kafka is written at once rather
     * than queued behind fulfilment, whose provider calls each hold a connection of the shared pool (issue 14,
     * the tail of the time from order record to order row). Closed after the consumers have stopped.
     */
    private Tx ingestTx(DispatcherConfig config) {
        int consumers = config.workers().ingestConsumers();
        if (consumers == 0) {
            return tx;
        }
        HikariDataSource ingestPool = Database.pool(config.jdbcUrl(), config.dbUser(), config.dbPassword(), consumers,
                "dispatcher-" + config.instanceId() + "-ingest", registry);
        afterLoops.add(ingestPool);
        return new Tx(ingestPool);
    }

    private void startBackground(DispatcherConfig config, Clock clock, Checkpoint.Listener checkpoints, Tx tx,
                                 ModelCatalog catalog, NotificationOutbox notifications, OrderEventLog events,
                                 FulfilmentContext ctx, DispatcherMetrics metrics, Providers providers) {
        SchemaValidator validator = new SchemaValidator();
        // each poll is stored topic by topic in this order, a transaction each: orders first, so an order's row
        // does not wait for the statuses and supply events polled beside it
        Map<String, BatchHandler> handlers = new LinkedHashMap<>();
        handlers.put(config.ordersTopic(), new OrderBatchWriter(validator, catalog, notifications, events, ctx.orders(),
                clock, metrics));
        handlers.put(config.supplyEventsTopic(), new SupplyEventWriter(validator, notifications));
        handlers.put(config.printerStatusTopic(), new PrinterStatusWriter(validator, catalog, notifications, clock,
                metrics));
        DeadLetterStore deadLetters = new DeadLetterStore();
        Tx ingestTx = ingestTx(config);
        // several consumers of one group split the partitions: one parses a batch while another's is written
        for (int i = 0; i < config.workers().ingestConsumers(); i++) {
            TransactionalConsumer consumer = new TransactionalConsumer(config.bootstrapServers(), config.kafkaSecurity(),
                    config.groupId(), config.instanceId() + "-ingest-" + i, config.ingestBatchSize(), handlers, ingestTx,
                    new OffsetStore(), deadLetters, metrics, clock, config.retryBackoff(), checkpoints);
            consumers.add(consumer);
            afterLoops.add(consumer.bindMetrics(registry));
            consumerThreads.add(Thread.ofPlatform().name("dispatcher-ingest-" + i).daemon(true).start(consumer));
        }

        if (config.workers().fulfilment()) {
            worker = new FulfilmentWorker(ctx, new BatchProcessor(ctx), config.fulfilmentConcurrency(),
                    config.fulfilmentBatchSize());
            loops.add(new Loop("dispatcher-fulfilment", worker::claimAndStart, config.pollInterval()).start());
            loops.add(new Loop("dispatcher-payment-expiry", () -> {
                tx.run(c -> commands.cancelExpiredPaymentFailures(c, config.paymentFailedCancelAfter(), 100));
                return 0;
            }, config.pollInterval().multipliedBy(20)).start());
        }
        OrderCountSampler orderCounts = new OrderCountSampler(metrics);
        loops.add(new Loop("dispatcher-gauges", () -> {
            tx.runVoid(c -> {
                orderCounts.sample(c);
                OrderFlowMinutes.fold(c, clock.instant());
                metrics.sampleOpenDeadLetters(deadLetters.countOpen(c).values().stream().mapToLong(Long::longValue)
                        .sum());
                metrics.sampleQuietPrinters(DashboardFigures.quietPrinters(c));
            });
            return 0;
        }, GAUGE_INTERVAL).start());

        if (config.workers().notifications()) {
            NotificationDeliverer deliverer = new NotificationDeliverer(tx, providers.mailer(), providers.renderer(),
                    providers.unsubscribeLinks(), clock, 500, config.maxFailures(), config.retryBackoff(), metrics);
            loops.add(new Loop("dispatcher-notifications", deliverer::deliverBatch, config.pollInterval()).start());
            QuietPrinterSweep quiet = new QuietPrinterSweep(catalog, notifications, clock, config.quietPrinterAfter(),
                    metrics);
            loops.add(new Loop("dispatcher-quiet-printers", () -> tx.run(quiet::sweep),
                    config.pollInterval().multipliedBy(QUIET_SWEEP_POLLS)).start());
        }

        Map<String, Object> outboxProducer = new HashMap<>(config.kafkaSecurity().clientProperties());
        outboxProducer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        outboxProducer.put(ProducerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-outbox");
        OutboxRelay outbox = new OutboxRelay(tx, outboxProducer, OUTBOX_BATCH, metrics, () -> running);
        afterLoops.add(outbox);
        afterLoops.add(outbox.bindMetrics(registry));
        loops.add(new Loop("dispatcher-outbox", outbox::publishBatch, config.pollInterval()).start());

        // the HTTP API last: once it answers, everything behind it runs
        DeadLetterReplayer replayer = new DeadLetterReplayer(handlers, deadLetters, metrics, clock);
        ApiServer server = new ApiServer(tx, clock, new ApiServer.Services(commands, deadLetters, replayer), registry,
                metrics, new ApiConfig(config.httpPort(), config.adminToken(), ApiConfig.DEFAULT_MAX_BODY_BYTES));
        server.addReadinessCheck("ingest", this::ingesting);
        dashboard = new DashboardRoutes(config.dashboard(), dataSource, clock);
        dashboard.register(server.app(), server.endpoints());
        new UnsubscribeRoutes(tx, providers.unsubscribeLinks(), new EmailPreferences(), providers.renderer(), clock)
                .register(server.app());
        PortalRoutes portal = new PortalRoutes(server.app(), tx, clock, config.portal(), catalog, notifications, commands,
                metrics, config.providers().payment() == ProviderConfig.PaymentAdapter.SANDBOX);
        loops.add(new Loop("portal-housekeeping", portal::purge, PORTAL_HOUSEKEEPING).start());
        api = server;
        server.start();
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

    /** The commands the HTTP API and the dashboard call; each runs on a transaction of {@link #tx()}. */
    public FulfilmentCommands commands() {
        return commands;
    }

    /** The dispatcher's transaction helper on its pool. */
    public Tx tx() {
        return tx;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    public String instanceId() {
        return instanceId;
    }

    /** The bound port of the HTTP API (and the dashboard and /metrics). */
    public int httpPort() {
        return api.port();
    }

    /** True while every Kafka consumer thread runs (false after one crashed or they were closed). */
    public boolean ingesting() {
        return consumerThreads.stream().allMatch(Thread::isAlive);
    }

    @Override
    public void close() {
        log.info("Stopping order dispatcher [instanceId={}]", instanceId);
        running = false;
        closeQuietly(api);
        closeQuietly(dashboard);
        consumers.forEach(TransactionalConsumer::close);
        loops.forEach(Loop::signalStop);
        if (worker != null) {
            worker.stop(FULFILMENT_STOP_GRACE);
        }
        loops.forEach(Loop::close);
        joinConsumer();
        afterLoops.forEach(OrderDispatcher::closeQuietly);
        dataSource.close();
        registry.close();
        log.info("Order dispatcher stopped [instanceId={}]", instanceId);
    }

    private void joinConsumer() {
        try {
            for (Thread thread : consumerThreads) {
                thread.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("Error while stopping [resource={}]", resource.getClass().getSimpleName(), e);
        }
    }
}
