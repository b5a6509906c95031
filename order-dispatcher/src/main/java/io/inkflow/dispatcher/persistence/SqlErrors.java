package io.inkflow.dispatcher.persistence;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Sorts database failures into the two kinds the dispatcher treats differently: the database refusing
 * one record's data (a client error: set the record aside, go on) and the database being unavailable (a
 * server error: stop, retry later, never pretend success).
 */
public final class SqlErrors {
    private SqlErrors() {
    }

    /**
     * Class 22 (data exception: a value the column cannot hold, a NUL byte in text) or 23 (integrity
     * constraint violation): the same data fails the same way every time, whatever else is going on.
     */
    public static boolean refusesData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /**
     * True when anywhere in the cause chain the database could not be reached or went away: no
     * connection from the pool in time, class 08 (connection exception), 53 (insufficient resources),
     * 57P01..57P03 (shut down, crashed, not accepting connections yet).
     */
    public static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }
}
