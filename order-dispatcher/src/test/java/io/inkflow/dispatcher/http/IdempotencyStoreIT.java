package io.inkflow.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.account.TestDatabase;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class IdempotencyStoreIT {
    private static final byte[] HASH = ApiTokens.sha256("POST\n/x\n{}");
    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00.123456789Z");
    private static TestDatabase db;
    private static IdempotencyStore store;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        store = new IdempotencyStore(db.dataSource());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aSlowOriginalCannotCompleteAfterItsClaimWasTakenOver() throws Exception {
        var original = (IdempotencyStore.Claim.Claimed) store.claim("p1", "k1", HASH, T0);
        assertThat(store.claim("p1", "k1", HASH, T0.plusSeconds(1))).isInstanceOf(IdempotencyStore.Claim.InProgress.class);

        Instant afterLease = T0.plus(IdempotencyStore.LEASE).plusSeconds(1);
        var takeover = (IdempotencyStore.Claim.Claimed) store.claim("p1", "k1", HASH, afterLease);

        boolean originalStored = db.tx().run(
                c -> store.complete(c, "p1", "k1", original.at(), 201, "{\"first\":true}", afterLease));
        boolean takeoverStored = db.tx().run(
                c -> store.complete(c, "p1", "k1", takeover.at(), 201, "{\"second\":true}", afterLease));
        assertThat(originalStored).isFalse();
        assertThat(takeoverStored).isTrue();
        assertThat(store.claim("p1", "k1", HASH, afterLease.plusSeconds(1)))
                .isEqualTo(new IdempotencyStore.Claim.Replay(201, "{\"second\":true}"));
    }

    @Test
    void aReleasedClaimCanBeClaimedAgainAndOldKeysArePurged() throws Exception {
        var first = (IdempotencyStore.Claim.Claimed) store.claim("p2", "k2", HASH, T0);
        store.release("p2", "k2", first.at());
        assertThat(store.claim("p2", "k2", ApiTokens.sha256("other"), T0)).isInstanceOf(IdempotencyStore.Claim.Claimed.class);
        assertThat(store.claim("p2", "k2", HASH, T0)).isInstanceOf(IdempotencyStore.Claim.Mismatch.class);

        assertThat(store.purgeBefore(T0.plusSeconds(1))).isPositive();
        assertThat(db.queryLong("SELECT count(*) FROM idempotency_keys WHERE principal = 'p2'")).isZero();
    }
}
