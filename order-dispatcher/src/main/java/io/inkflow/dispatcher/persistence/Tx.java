package io.inkflow.dispatcher.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one database transaction, retrying a bounded number of times when PostgreSQL aborts it
 * for a deadlock or a serialization failure (both safe to retry: nothing was committed).
 */
public final class Tx {
    private static final int MAX_TRIES = 5;

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

    public <T> T run(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < MAX_TRIES && retryable(e)) {
                    continue;
                }
                throw new DataAccessException(e);
            }
        }
    }

    public void runVoid(VoidWork work) {
        run(connection -> {
            work.run(connection);
            return null;
        });
    }

    /** Work without a result. */
    @FunctionalInterface
    public interface VoidWork {
        void run(Connection connection) throws SQLException;
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
    }
}
