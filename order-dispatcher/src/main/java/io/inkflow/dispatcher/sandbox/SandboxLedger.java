package io.inkflow.dispatcher.sandbox;

import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the sandboxes share: a ledger table keyed by the caller's idempotency key, written on its own
 * auto-commit connection (never in the caller's transaction, like a remote system), behind the configured
 * latency and injected faults. The first request with a key decides; a replay answers what was recorded.
 *
 * @param <T> the answer a ledger row stands for
 */
final class SandboxLedger<T> {

    /** Binds the ledger insert's parameters; {@code fault} is the fault drawn for this call. */
    @FunctionalInterface
    interface Insert {
        void bind(PreparedStatement insert, Fault fault) throws SQLException;
    }

    /** Reads the answer from a row selected by key. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final String system;
    private final DataSource dataSource;
    private final SandboxFaults faults;
    private final String insertSql;
    private final String findSql;
    private final RowReader<T> reader;

    /**
     * @param system    the sandbox's name in error messages
     * @param insertSql an {@code INSERT ... ON CONFLICT (idempotency_key) DO NOTHING}
     * @param findSql   a {@code SELECT} of the answer's columns {@code WHERE idempotency_key = ?}
     */
    SandboxLedger(String system, DataSource dataSource, SandboxFaults faults, String insertSql, String findSql,
                  RowReader<T> reader) {
        this.system = system;
        this.dataSource = dataSource;
        this.faults = faults;
        this.insertSql = insertSql;
        this.findSql = findSql;
        this.reader = reader;
    }

    /** Records the request once and answers the row its key holds (the first request's answer). */
    T record(String idempotencyKey, Insert insert) throws ProviderUnavailableException {
        Fault fault = faults.next();
        faults.await();
        if (fault == Fault.TIMEOUT) {
            throw faults.timeout();
        }
        T answer;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(insertSql)) {
                insert.bind(ps, fault);
                ps.executeUpdate();
            }
            answer = find(c, idempotencyKey).orElseThrow();
        } catch (SQLException e) {
            throw unavailable(e);
        }
        if (fault == Fault.LOSE_RESPONSE) {
            throw faults.lostResponse();
        }
        return answer;
    }

    /** The answer recorded for the key; empty when the sandbox never recorded one. */
    Optional<T> lookup(String idempotencyKey) throws ProviderUnavailableException {
        faults.await();
        try (Connection c = dataSource.getConnection()) {
            return find(c, idempotencyKey);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** A call that records nothing still takes the sandbox's latency. */
    void await() throws ProviderUnavailableException {
        faults.await();
    }

    private Optional<T> find(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(findSql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
            }
        }
    }

    private ProviderUnavailableException unavailable(SQLException e) {
        return new ProviderUnavailableException(system + " unavailable: " + e.getMessage(), e);
    }
}
