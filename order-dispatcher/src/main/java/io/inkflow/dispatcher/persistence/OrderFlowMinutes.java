package io.inkflow.dispatcher.persistence;

import io.inkflow.schemas.OrderState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How many orders entered each state in each minute, read from {@code order_flow_minutes} instead of the hour's
 * {@code order_events}. The events table's triggers (migration V51) add every statement's change as rows in that
 * statement's transaction, so a read is exact in its snapshot and costs the minutes read and the rows written since
 * the last {@link #fold}, not the events of the hour. Minutes are whole minutes since the epoch of the events'
 * {@code occurred_at}.
 */
public final class OrderFlowMinutes {
    /** Minutes a fold keeps: every reader's hour, and as much again for a clock behind the writers'. */
    public static final long KEPT_MINUTES = 120;

    /**
     * Replaces the rows of each (minute, model, state) that has more than one with their sum, leaving alone those
     * already folded (most of them, once a minute is over). Only the rows it deletes are summed into the new one,
     * so rows that commit meanwhile stay as they are, and two instances folding at once never count a row twice
     * (the second skips the rows the first deleted, and does not see the first's new one).
     */
    private static final String FOLD = """
            WITH repeated AS (
                SELECT minute, model, state FROM order_flow_minutes GROUP BY 1, 2, 3 HAVING count(*) > 1),
            folded AS (
                DELETE FROM order_flow_minutes f USING repeated r
                WHERE f.minute = r.minute AND f.model = r.model AND f.state = r.state
                RETURNING f.minute, f.model, f.state, f.entered, f.created)
            INSERT INTO order_flow_minutes (minute, model, state, entered, created)
            SELECT minute, model, state, sum(entered), sum(created) FROM folded GROUP BY 1, 2, 3
            HAVING sum(entered) <> 0 OR sum(created) <> 0""";
    private static final String DROP_OLD = "DELETE FROM order_flow_minutes WHERE minute < ?";
    private static final String BETWEEN = """
            SELECT minute, state, sum(entered), sum(created) FROM order_flow_minutes
            WHERE minute >= ? AND minute < ? AND (?::text[] IS NULL OR model = ANY(?::text[]))
            GROUP BY 1, 2""";

    /** Orders that entered {@code state} in {@code minute}; {@code created} of them were new orders. */
    public record Entered(long minute, OrderState state, long entered, long created) {
    }

    private OrderFlowMinutes() {
    }

    /** The minute {@code at} falls in, in whole minutes since the epoch, as the table keys them. */
    public static long minuteOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }

    /**
     * Folds the rows written since the last fold into one per (minute, model, state), and drops the minutes more
     * than {@link #KEPT_MINUTES} before {@code now}'s.
     */
    public static void fold(Connection c, Instant now) throws SQLException {
        try (PreparedStatement drop = c.prepareStatement(DROP_OLD);
             PreparedStatement fold = c.prepareStatement(FOLD)) {
            drop.setLong(1, minuteOf(now) - KEPT_MINUTES);
            drop.executeUpdate();
            fold.executeUpdate();
        }
    }

    /**
     * Per minute from {@code fromMinute} (inclusive) to {@code toMinute} (exclusive) and per state, the orders of
     * the given models (null: every model) that entered it; only the (minute, state) pairs with any.
     */
    public static List<Entered> between(Connection c, List<String> models, long fromMinute, long toMinute)
            throws SQLException {
        List<Entered> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(BETWEEN)) {
            ps.setLong(1, fromMinute);
            ps.setLong(2, toMinute);
            Array array = models == null ? null : c.createArrayOf("text", models.toArray());
            ps.setArray(3, array);
            ps.setArray(4, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entered(rs.getLong(1), OrderState.valueOf(rs.getString(2)), rs.getLong(3),
                            rs.getLong(4)));
                }
            }
        }
        return out;
    }
}
