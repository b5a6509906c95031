package io.inkflow.dispatcher.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.sql.DataSource;

/**
 * The one way the dispatcher runs database work: one transaction per call, retried a bounded number of
 * times when PostgreSQL aborts it for a deadlock or a serialization failure (both safe to retry: nothing
 * was committed). Ingest, fulfilment, the HTTP API, the relays and the dashboard all go through it.
 *
 * <p>Work that must only happen once the transaction is durable (a counter, a log line that claims
 * success) registers itself with {@link #afterCommit(Runnable)}: such actions run after the commit, once,
 * and are dropped when the attempt rolls back, so a retried or rewound transaction never counts twice.
 */
public final class Tx {
    private static final int MAX_TRIES = 5;
    /** The after-commit actions of the transactions open on this thread, innermost last. */
    private static final ThreadLocal<Deque<List<Runnable>>> AFTER_COMMIT = ThreadLocal.withInitial(ArrayDeque::new);

    private final DataSource dataSource;

    public Tx(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The work of one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Work without a result. */
    @FunctionalInterface
    public interface VoidWork {
        void run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction and commits it; throws {@link DataAccessException} for a database
     * failure (after the retries), or whatever the work threw, after rolling back.
     */
    public <T> T run(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            List<Runnable> afterCommit = new ArrayList<>();
            T result;
            Deque<List<Runnable>> open = AFTER_COMMIT.get();
            open.addLast(afterCommit);
            try (Connection connection = dataSource.getConnection()) {
                result = runAndCommit(connection, work);
            } catch (SQLException e) {
                if (attempt < MAX_TRIES && retryable(e)) {
                    continue;
                }
                throw new DataAccessException(e);
            } finally {
                open.removeLast();
            }
            afterCommit.forEach(Runnable::run);
            return result;
        }
    }

    public void runVoid(VoidWork work) {
        run(connection -> {
            work.run(connection);
            return null;
        });
    }

    /**
     * Runs {@code action} once the innermost transaction open on this thread has committed; never when it
     * rolls back. Outside a transaction it is a bug, reported at once.
     */
    public static void afterCommit(Runnable action) {
        List<Runnable> actions = AFTER_COMMIT.get().peekLast();
        if (actions == null) {
            throw new IllegalStateException("afterCommit outside a transaction");
        }
        actions.add(action);
    }

    private static <T> T runAndCommit(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            restoreAutoCommit(connection);
        }
    }

    /** Pools hand the connection on as they got it back; a plain DataSource closes it anyway. */
    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // the connection is broken; closing it below is all that is left to do
        }
    }

    static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return "40P01".equals(state) || "40001".equals(state);
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }

    /** A database failure: the caller retries later; nothing was committed. */
    public static final class DataAccessException extends RuntimeException {
        public DataAccessException(SQLException cause) {
            super(cause.getMessage() + " [sqlState=" + cause.getSQLState() + "]", cause);
        }

        /** The SQL state of the failure, null when the driver gave none. */
        public String sqlState() {
            return ((SQLException) getCause()).getSQLState();
        }
    }
}
