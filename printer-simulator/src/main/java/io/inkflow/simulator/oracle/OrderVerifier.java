package io.inkflow.simulator.oracle;

import io.inkflow.simulator.api.ApiModels;
import io.inkflow.simulator.api.DispatcherClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fetches the orders the dispatcher holds and compares them with the expectation. Small fleets are
 * fetched per serial ({@code GET /api/v1/orders?serial=}), large ones through the paged full list.
 */
public final class OrderVerifier {
    private static final int PER_SERIAL_LIMIT = 50;
    private static final int PAGE_SIZE = 500;

    private final DispatcherClient client;
    private final Clock clock;
    private final OracleSettings oracle;

    /** For orders a thresholds-only oracle expected ({@link OracleSettings#thresholdsOnly()}). */
    public OrderVerifier(DispatcherClient client, Clock clock) {
        this(client, clock, OracleSettings.thresholdsOnly());
    }

    /** @param oracle the settings the expected orders were computed with */
    public OrderVerifier(DispatcherClient client, Clock clock, OracleSettings oracle) {
        this.client = client;
        this.clock = clock;
        this.oracle = oracle;
    }

    public VerificationResult verify(Collection<ExpectedOrder> expected, Set<String> serials) {
        return OrderComparison.compare(expected, fetch(serials), serials, oracle);
    }

    /**
     * Verifies until it passes or {@code timeout} runs out (orders trail telemetry through Kafka);
     * after a first pass it checks once more after {@code settle} so late duplicates are caught.
     */
    public VerificationResult verifyEventually(Collection<ExpectedOrder> expected, Set<String> serials,
                                               Duration timeout, Duration settle) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        VerificationResult result = verify(expected, serials);
        while (!result.passed() && clock.instant().isBefore(deadline)) {
            Thread.sleep(500);
            result = verify(expected, serials);
        }
        if (result.passed() && !settle.isZero()) {
            Thread.sleep(settle.toMillis());
            result = verify(expected, serials);
        }
        return result;
    }

    public List<ActualOrder> fetch(Set<String> serials) {
        List<ApiModels.Order> orders = new ArrayList<>();
        if (serials.size() <= PER_SERIAL_LIMIT) {
            for (String serial : serials) {
                orders.addAll(client.allOrders(Optional.of(serial), PAGE_SIZE));
            }
        } else {
            orders.addAll(client.allOrders(Optional.empty(), PAGE_SIZE));
        }
        return orders.stream()
                .map(o -> new ActualOrder(o.orderId(), o.serial(), o.slot(), o.depletionCycle(), o.trigger(), o.state(),
                        o.groupId(), o.groupSize()))
                .toList();
    }
}
