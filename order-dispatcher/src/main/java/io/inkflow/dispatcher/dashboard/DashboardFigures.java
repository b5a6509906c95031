package io.inkflow.dispatcher.dashboard;

import java.sql.Connection;
import java.sql.SQLException;

/** Figures of the page that are also meters, read with the page's own queries so that the two never disagree. */
public final class DashboardFigures {
    private DashboardFigures() {
    }

    /** Active printers marked quiet now: the count of the page's "Quiet printers", without a filter. */
    public static long quietPrinters(Connection c) throws SQLException {
        return new FlowQueries(c, null).quietPrinters().count();
    }
}
