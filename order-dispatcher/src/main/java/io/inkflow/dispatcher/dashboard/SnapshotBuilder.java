package io.inkflow.dispatcher.dashboard;

import io.inkflow.dispatcher.dashboard.DashboardSnapshot.Choices;
import io.inkflow.dispatcher.dashboard.DashboardSnapshot.ModelChoice;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.OrderState;
import io.inkflow.schemas.Series;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Builds one {@link DashboardSnapshot} for a filter from the database and the in-memory Kafka signals. */
final class SnapshotBuilder {
    private final DataSource dataSource;
    private final Clock clock;
    private final ModelCatalog catalog;
    private final SignalsWindow signals;
    private final Choices choices;

    SnapshotBuilder(DataSource dataSource, Clock clock, ModelCatalog catalog, SignalsWindow signals) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.catalog = catalog;
        this.signals = signals;
        this.choices = new Choices(List.of(Series.values()), catalog.entries().stream()
                .filter(e -> e.eligible())
                .map(e -> new ModelChoice(e.model(), e.displayName(), e.series()))
                .toList());
    }

    DashboardSnapshot build(DashboardFilter filter) throws SQLException {
        Instant now = clock.instant();
        long currentMinute = MinuteCounts.minuteOf(now);
        Instant firstMinute = Instant.ofEpochSecond((currentMinute - SignalsWindow.MINUTES + 1) * 60);
        List<Instant> minuteStarts = new ArrayList<>(SignalsWindow.MINUTES);
        for (int i = 0; i < SignalsWindow.MINUTES; i++) {
            minuteStarts.add(firstMinute.plusSeconds(60L * i));
        }
        try (Connection c = dataSource.getConnection()) {
            FlowQueries q = new FlowQueries(c, filter.models(catalog));
            Map<OrderState, List<Long>> flow = q.transitionsPerMinute(firstMinute, SignalsWindow.MINUTES);
            Map<OrderState, Long> lastMinute = q.transitionsSince(now.minus(Duration.ofMinutes(1)));
            Map<OrderState, Long> totals = q.totalsByState();
            return new DashboardSnapshot(now, new DashboardSnapshot.Filter(filter.series(), filter.model()),
                    minuteStarts, flow, lastMinute, totals, q.backordersBySku(), q.failedCharges(), q.recentOrders(),
                    new DashboardSnapshot.Attention(q.parkedOrders(), q.backorderedOrders(),
                            q.openCancellationRequests(), q.openDeadLetters()),
                    signals.telemetry(), signals.lowInk(filter), q.quietPrinters(), choices);
        }
    }
}
