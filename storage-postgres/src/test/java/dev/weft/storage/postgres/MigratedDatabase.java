package dev.weft.storage.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.testing.postgres.PostgresDatabase;
import dev.weft.testing.postgres.PostgresTestServer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;

/** A fresh database on the test server, migrated as the server would, behind a small pool; one per test class. */
final class MigratedDatabase implements AutoCloseable {

    final PostgresDatabase database;
    final HikariDataSource dataSource;
    final JdbcTemplate jdbc;

    private MigratedDatabase(PostgresDatabase database) {
        this.database = database;
        this.dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.jdbcUrl());
        dataSource.setUsername(database.username());
        dataSource.setPassword(database.password());
        dataSource.setMaximumPoolSize(8);
        this.jdbc = new JdbcTemplate(dataSource);
    }

    static MigratedDatabase create() {
        MigratedDatabase db = new MigratedDatabase(PostgresTestServer.createDatabase());
        db.flyway().migrate();
        return db;
    }

    /** A database without the schema, for tests of the migration itself. */
    static MigratedDatabase unmigrated() {
        return new MigratedDatabase(PostgresTestServer.createDatabase());
    }

    Flyway flyway() {
        return Flyway.configure().dataSource(dataSource).load();
    }

    /** Maintenance with the production defaults: 7 days of retention, partitions 2 days ahead. */
    PartitionMaintenance partitions(Clock clock) {
        return new PartitionMaintenance(dataSource, clock, Duration.ofDays(7), 2);
    }

    /** Empties every ledger table; day partitions stay. */
    void truncate() {
        jdbc.execute("TRUNCATE correlation_keys, correlation_key_inbox, async_edges, journeys, journey_traces, correlation_rules");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
