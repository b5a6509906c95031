package io.inkflow.dispatcher.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool and the schema migrations. */
public final class Database {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private Database() {
    }

    /** A HikariCP pool; batched inserts are rewritten into multi-row statements by the driver. */
    public static HikariDataSource pool(String jdbcUrl, String user, String password, int maxSize, String poolName,
                                        MeterRegistry metrics) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(Math.min(2, maxSize));
        config.setPoolName(poolName);
        config.setAutoCommit(true);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", poolName);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        return new HikariDataSource(config);
    }

    /**
     * Applies the migrations in {@code classpath:db/migration}. Out-of-order is allowed because two
     * teams own disjoint version ranges (V1-V9 fulfilment, V10-V19 accounts) in the same folder.
     */
    public static int migrate(javax.sql.DataSource dataSource) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .outOfOrder(true)
                .load()
                .migrate();
        log.info("Database migrated [applied={}, schemaVersion={}]", result.migrationsExecuted, result.targetSchemaVersion);
        return result.migrationsExecuted;
    }
}
