package io.inkflow.dispatcher.dashboard;

import io.inkflow.dispatcher.order.OrderCommands.RestockResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes a restock from the page safe to retry: the page sends a fresh Idempotency-Key per click, and
 * a repeated key (a double click, a retry after a lost response) gets the first answer instead of
 * adding stock twice. Kept in memory for an hour: the page retries within seconds, and the API's
 * persistent idempotency store remains the contract for scripted clients.
 */
final class RecentRestocks {
    private static final Duration KEEP = Duration.ofHours(1);
    private static final int MAX_ENTRIES = 10_000;

    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    RecentRestocks(Clock clock) {
        this.clock = clock;
    }

    sealed interface Outcome {
        record Done(RestockResult result) implements Outcome {
        }

        /** The key was used with another SKU or quantity. */
        record Conflict() implements Outcome {
        }

        /** The first request with this key has not finished. */
        record InProgress() implements Outcome {
        }
    }

    private record Entry(String request, Instant at, RestockResult result) {
    }

    Outcome run(String key, String request, Supplier<RestockResult> restock) {
        synchronized (entries) {
            expire();
            Entry existing = entries.get(key);
            if (existing != null) {
                if (!existing.request().equals(request)) {
                    return new Outcome.Conflict();
                }
                return existing.result() == null ? new Outcome.InProgress() : new Outcome.Done(existing.result());
            }
            entries.put(key, new Entry(request, clock.instant(), null));
        }
        RestockResult result;
        try {
            result = restock.get();
        } catch (RuntimeException e) {
            synchronized (entries) {
                entries.remove(key); // nothing happened, so the same key may try again
            }
            throw e;
        }
        synchronized (entries) {
            entries.put(key, new Entry(request, clock.instant(), result));
        }
        return new Outcome.Done(result);
    }

    private void expire() {
        Instant oldest = clock.instant().minus(KEEP);
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.at().isBefore(oldest) || entries.size() > MAX_ENTRIES) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
