package io.inkflow.schemas;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Deterministic order ids: a replay or a reprocessing of the same depletion yields the same id. */
public final class OrderIds {
    private OrderIds() {
    }

    /**
     * A name-based (version 3) UUID of enrollment, serial, slot and depletion cycle. The enrollment id
     * is part of the name so a new owner's first depletion never collides with the previous owner's.
     */
    public static String derive(String enrollmentId, String serial, String slot, int depletionCycle) {
        String name = "inkflow-order|" + enrollmentId + '|' + serial + '|' + slot + '|' + depletionCycle;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
