package io.inkflow.streams.topology;

import static io.inkflow.streams.topology.TopologyFixture.START;
import static io.inkflow.streams.topology.TopologyFixture.supply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inkflow.schemas.OrderTrigger;
import io.inkflow.schemas.ReplenishmentOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastTopologyTest {
    @TempDir
    Path stateDir;
    TopologyFixture fx;
    TopologyFixture.Printer printer;

    @BeforeEach
    void start() {
        // lead time 7 + margin 2 business days; at least 3 readings over 24 h
        fx = new TopologyFixture(stateDir, Map.of("STREAMS_FORECAST_ENABLED", "true"));
        fx.enroll("MF445-1", "imageclass-mf445dw", "enr-1");
        printer = fx.printer("MF445-1", "imageclass-mf445dw");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void fastConsumptionOrdersBeforeTheThresholdAndRecordsTheEstimate() {
        // 2 points per hour: 48 points a day
        for (int hour = 0; hour <= 24; hour++) {
            printer.send(1, hour + 1, START.plus(Duration.ofHours(hour)), supply("K", 100 - 2 * hour));
        }
        printer.send(1, 26, START.plus(Duration.ofHours(25)), supply("K", 50));
        printer.send(1, 27, START.plus(Duration.ofHours(30)), supply("K", 9)); // reaches the threshold later

        List<ReplenishmentOrder> orders = fx.orders.readValuesToList();
        assertThat(orders).singleElement().satisfies(order -> {
            assertThat(order.trigger()).isEqualTo(OrderTrigger.FORECAST);
            assertThat(order.remainingPercent()).isEqualTo(52);          // at hour 24, far above 10 %
            assertThat(order.forecastDaysToEmpty()).isCloseTo(52.0 / 48.0, within(0.01));
            assertThat(order.depletionCycle()).isEqualTo(1);
        });
        assertThat(fx.counter("streams.orders.emitted", "trigger", "FORECAST")).isEqualTo(1.0);
    }

    @Test
    void slowConsumptionWaitsForTheThresholdAndStillRecordsTheEstimate() {
        // half a point per day: even the last 10 % last 20 days, beyond 9 business days (about 13 days)
        for (int i = 0; i <= 30; i++) {
            printer.send(1, i + 1, START.plus(Duration.ofDays(2L * i)), supply("K", 40 - i));
        }

        assertThat(fx.orders.readValuesToList()).singleElement().satisfies(order -> {
            assertThat(order.trigger()).isEqualTo(OrderTrigger.THRESHOLD);
            assertThat(order.remainingPercent()).isEqualTo(10);
            assertThat(order.forecastDaysToEmpty()).isCloseTo(20.0, within(0.01));
        });
    }

    @Test
    void tooShortHistoryDoesNotForecast() {
        for (int hour = 0; hour < 12; hour++) {
            printer.send(1, hour + 1, START.plus(Duration.ofHours(hour)), supply("K", 100 - 5 * hour));
        }
        assertThat(fx.orders.isEmpty()).isTrue();
    }
}
