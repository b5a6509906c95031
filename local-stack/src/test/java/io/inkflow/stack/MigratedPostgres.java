package io.inkflow.stack;

import io.inkflow.dispatcher.persistence.Database;
import io.inkflow.schemas.embedded.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;

/** An embedded PostgreSQL in {@code dir} with the dispatcher's schema, for tests that read what the dispatcher writes. */
public record MigratedPostgres(PostgresServer server, PGSimpleDataSource dataSource) implements AutoCloseable {
    public static MigratedPostgres start(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        PostgresServer server = PostgresServer.start(dir.resolve("postgres"), dir.resolve("logs/postgres.log"));
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(server.jdbcUrl());
        dataSource.setUser(server.user());
        dataSource.setPassword(server.password());
        Database.migrate(dataSource);
        return new MigratedPostgres(server, dataSource);
    }

    @Override
    public void close() {
        server.close();
    }
}
