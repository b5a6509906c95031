package io.inkflow.dispatcher.account;

import io.inkflow.dispatcher.persistence.Tx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A real embedded PostgreSQL with every migration in {@code db/migration} applied (ours and the
 * order tables), shared by the tests of the account, http and outbox packages.
 */
public final class TestDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private TestDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static TestDatabase start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            return new TestDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        }
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** The dispatcher's transaction helper on this database. */
    public Tx tx() {
        return new Tx(dataSource());
    }

    /** Runs one statement, for test set-up and assertions. */
    public void execute(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** An account with an address and a card, for the tests that only need one to exist. */
    public void insertAccount(String accountId, String email, String name) {
        execute("""
                INSERT INTO accounts (account_id, email, name, ship_name, ship_line1, ship_city, ship_postal_code,
                                      ship_country, payment_token, created_at, updated_at)
                VALUES ('%s', '%s', '%s', '%s', '12 Analytical Way', 'London', 'N1 7AA', 'GB', 'tok_visa', now(),
                        now())""".formatted(accountId, email, name, name));
    }

    /** The single long value of a query, for assertions. */
    public long queryLong(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("No row: " + sql);
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The single string value of a query (null when the query has no row), for assertions. */
    public String queryString(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * Which transaction wrote each row of {@code table} and where it lies, in {@code orderBy} order: the same before
     * and after a statement means the statement rewrote no row, not even with the same values.
     */
    public String rowVersions(String table, String orderBy) {
        return queryString("SELECT string_agg(xmin::text || ctid::text, ',' ORDER BY " + orderBy + ") FROM " + table);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
