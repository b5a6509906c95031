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

    /**
     * The id of an order group: a name-based UUID of the group's lead order (the first slot, by name, that
     * ordered on its own), so the same depletion always forms the same group, and no group id equals an
     * order id.
     */
    public static String group(String enrollmentId, String serial, String leadSlot, int leadDepletionCycle) {
        String name = "inkflow-order-group|" + enrollmentId + '|' + serial + '|' + leadSlot + '|' + leadDepletionCycle;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
