package io.inkflow.dispatcher.account;

import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Orders numbered {@code n} from {@code first} to {@code last}, inserted by one {@code INSERT ... SELECT} over
 * {@code generate_series}, so that a benchmark's million orders cost one statement. Every column is an SQL
 * expression that may use {@code n}; the columns a test does not set are those of a pending black-slot threshold
 * order of a PIXMA TS8320, created now.
 */
public final class OrderRows {
    private static final String ORDER_ID_PREFIX = "ord-";
    /** Numbers taken by {@link #insert}, so that its orders never share an id within a run. */
    private static final AtomicLong NUMBERS = new AtomicLong();

    private final long first;
    private final long last;
    private final Map<String, String> columns = new LinkedHashMap<>();

    private OrderRows(long first, long last) {
        this.first = first;
        this.last = last;
        columns.put("order_id", "'" + ORDER_ID_PREFIX + "' || n");
        columns.put("serial", "'KM-' || n");
        columns.put("model", "'pixma-ts8320'");
        columns.put("enrollment_id", "'enr-1'");
        columns.put("account_id", "'acc-1'");
        columns.put("channel", "'CANON'");
        columns.put("slot", "'BK'");
        columns.put("sku", "'CLI-281 BK'");
        columns.put("depletion_cycle", "1");
        columns.put("trigger", "'THRESHOLD'");
        columns.put("remaining_percent", "10");
        columns.put("threshold_percent", "12");
        columns.put("report_sequence", "n");
        columns.put("state", "'PENDING'");
        columns.put("next_attempt_at", "now()");
        columns.put("created_at", "now()");
        columns.put("ingested_at", "now()");
        columns.put("updated_at", "now()");
    }

    /** The orders numbered {@code first} to {@code last}, both included; none when {@code last < first}. */
    public static OrderRows numbered(long first, long last) {
        return new OrderRows(first, last);
    }

    /** {@code howMany} orders of one model in one state, inserted by one statement; returns their ids. */
    public static List<String> insert(DataSource dataSource, String model, OrderState state, int howMany)
            throws SQLException {
        long first = NUMBERS.getAndAdd(howMany) + 1;
        numbered(first, first + howMany - 1)
                .with("model", "'" + model + "'")
                .with("state", "'" + state.name() + "'")
                .insertInto(dataSource);
        List<String> ids = new ArrayList<>();
        for (long n = first; n < first + howMany; n++) {
            ids.add(ORDER_ID_PREFIX + n);
        }
        return ids;
    }

    /** Sets {@code column} (or adds it) to {@code sql}, an expression that may use the order's number {@code n}. */
    public OrderRows with(String column, String sql) {
        columns.put(column, sql);
        return this;
    }

    public void insertInto(DataSource dataSource) throws SQLException {
        String sql = "INSERT INTO orders (" + String.join(", ", columns.keySet()) + ") SELECT "
                + String.join(", ", columns.values()) + " FROM generate_series(" + first + ", " + last + ") AS n";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
