package io.inkflow.dispatcher.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import io.inkflow.schemas.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open server-sent-event streams. One thread pushes a fresh snapshot to every stream on a fixed
 * interval, building it once per distinct filter however many pages share it. A stream is closed
 * after {@code maxAge}, so a revoked token stops seeing data within that time: the page reconnects
 * with a new ticket, which needs a valid token.
 */
final class DashboardStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DashboardStream.class);
    static final String SNAPSHOT_EVENT = "snapshot";
    static final String REAUTH_EVENT = "reauth";
    static final String ERROR_EVENT = "problem";

    private final SnapshotBuilder builder;
    private final Clock clock;
    private final Duration maxAge;
    private final ObjectMapper mapper = Json.mapper();
    private final Map<SseClient, Viewer> viewers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;

    private record Viewer(DashboardFilter filter, Instant openedAt) {
    }

    DashboardStream(SnapshotBuilder builder, Clock clock, Duration interval, Duration maxAge) {
        this.builder = builder;
        this.clock = clock;
        this.maxAge = maxAge;
        this.executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("dashboard-push").daemon().factory());
        executor.scheduleWithFixedDelay(this::pushAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Keeps the request open and sends the first snapshot at once. */
    void attach(SseClient client, DashboardFilter filter) {
        client.keepAlive();
        viewers.put(client, new Viewer(filter, clock.instant()));
        client.onClose(() -> viewers.remove(client));
        executor.execute(() -> push(Map.of(client, viewers.getOrDefault(client, new Viewer(filter, clock.instant())))));
        log.debug("Dashboard stream opened [viewers={}]", viewers.size());
    }

    int viewers() {
        return viewers.size();
    }

    /** Pushes to every stream now, for example right after a restock. */
    void pushSoon() {
        executor.execute(this::pushAll);
    }

    private void pushAll() {
        push(Map.copyOf(viewers));
    }

    private void push(Map<SseClient, Viewer> targets) {
        Instant now = clock.instant();
        Map<DashboardFilter, List<SseClient>> byFilter = new HashMap<>();
        targets.forEach((client, viewer) -> {
            if (client.terminated()) {
                viewers.remove(client);
            } else if (!now.isBefore(viewer.openedAt().plus(maxAge))) {
                client.sendEvent(REAUTH_EVENT, "{}");
                viewers.remove(client);
                client.close();
            } else {
                byFilter.computeIfAbsent(viewer.filter(), f -> new ArrayList<>()).add(client);
            }
        });
        byFilter.forEach(this::send);
    }

    private void send(DashboardFilter filter, List<SseClient> clients) {
        String event;
        String data;
        try {
            data = mapper.writeValueAsString(builder.build(filter));
            event = SNAPSHOT_EVENT;
        } catch (JsonProcessingException | java.sql.SQLException | RuntimeException e) {
            // The page keeps its last figures and shows that they are stale; the next tick tries again.
            log.warn("Dashboard snapshot failed", e);
            event = ERROR_EVENT;
            data = "{\"title\":\"Figures unavailable\",\"detail\":\"The dispatcher cannot read its database right now.\"}";
        }
        for (SseClient client : clients) {
            try {
                client.sendEvent(event, data);
            } catch (RuntimeException e) {
                viewers.remove(client);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        viewers.keySet().forEach(client -> {
            try {
                client.close();
            } catch (RuntimeException e) {
                // already gone
            }
        });
        viewers.clear();
    }
}
