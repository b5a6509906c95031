package io.inkflow.dispatcher.persistence;

import io.inkflow.schemas.OrderState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How many orders are in each state, read from {@code order_state_counts} instead of counting the orders
 * table. The table's triggers (migration V50) add every statement's change of the counts as rows in that
 * statement's transaction, so a read is exact in its snapshot and costs the rows written since the last
 * {@link #fold}, not the orders ever stored.
 */
public final class OrderStateCounts {
    /**
     * Replaces the rows of each (model, state) that has more than one with their sum, leaving alone those already
     * folded, so a fold with nothing new writes nothing. Only the rows it deletes are summed into the new one, so
     * rows that commit meanwhile stay as they are, and two instances folding at once never count a row twice (the
     * second skips the rows the first deleted, and does not see the first's new one). The same fold as
     * {@link OrderFlowMinutes}'.
     */
    private static final String FOLD = """
            WITH repeated AS (
                SELECT model, state FROM order_state_counts GROUP BY 1, 2 HAVING count(*) > 1),
            folded AS (
                DELETE FROM order_state_counts c USING repeated r
                WHERE c.model = r.model AND c.state = r.state
                RETURNING c.model, c.state, c.orders)
            INSERT INTO order_state_counts (model, state, orders)
            SELECT model, state, sum(orders) FROM folded GROUP BY model, state HAVING sum(orders) <> 0""";
    private static final String BY_STATE = "SELECT state, sum(orders) FROM order_state_counts"
            + " WHERE ?::text[] IS NULL OR model = ANY(?::text[]) GROUP BY state";

    private OrderStateCounts() {
    }

    /** Folds the rows written since the last fold into one per (model, state). */
    public static void fold(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(FOLD);
        }
    }

    /**
     * The orders in each state, of the given models (null: every model); every state present, zero when none.
     */
    public static Map<OrderState, Long> byState(Connection c, List<String> models) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BY_STATE)) {
            Array array = models == null ? null : c.createArrayOf("text", models.toArray());
            ps.setArray(1, array);
            ps.setArray(2, array);
            return read(ps);
        }
    }

    /**
     * Runs a query whose rows are (state, count), one row per state at most; every state present in the map,
     * zero when the query has no row for it.
     */
    public static Map<OrderState, Long> read(PreparedStatement ps) throws SQLException {
        Map<OrderState, Long> out = zeros();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(OrderState.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        return out;
    }

    /** A map with every state at zero, to count into. */
    public static Map<OrderState, Long> zeros() {
        Map<OrderState, Long> out = new EnumMap<>(OrderState.class);
        for (OrderState state : OrderState.values()) {
            out.put(state, 0L);
        }
        return out;
    }
}
