package dev.weft.storage.postgres;

import dev.weft.correlation.ledger.CorrelationKey;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.MatchPolicy;
import dev.weft.correlation.ledger.MatchSettings;
import dev.weft.correlation.ledger.RuleStore;
import dev.weft.correlation.ledger.Side;
import dev.weft.correlation.ledger.SpanRef;
import dev.weft.testing.postgres.PostgresDatabase;
import dev.weft.testing.postgres.PostgresTestServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Start-up as the server does it: Spring Boot's DataSource and Flyway auto-configuration plus the imported configuration. */
class PostgresLedgerConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
            .withUserConfiguration(PostgresLedgerConfiguration.class);

    @Test
    void migratesAFreshDatabaseServesTheLedgerAndMaintainsPartitions() {
        PostgresDatabase db = PostgresTestServer.createDatabase();
        runner.withPropertyValues("spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.username(),
                "spring.datasource.password=" + db.password()).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(CorrelationLedger.class).hasSingleBean(RuleStore.class)
                    .hasSingleBean(PostgresJourneyStore.class);
            assertThat(context.getBean(PostgresLedgerProperties.class))
                    .isEqualTo(new PostgresLedgerProperties(Duration.ofDays(7), 2, Duration.ofHours(1)));
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success", String.class))
                    .containsExactly("1");

            CorrelationLedger ledger = context.getBean(CorrelationLedger.class);
            long now = System.currentTimeMillis() * 1_000_000L;
            ledger.record(List.of(
                    new CorrelationKey("messaging-id", Side.PRODUCER, "m", new SpanRef(traceId(1), spanId(1)), "a", now, now),
                    new CorrelationKey("messaging-id", Side.CONSUMER, "m", new SpanRef(traceId(2), spanId(2)), "b", now, now)));
            assertThat(ledger.match(new MatchSettings(Map.of(), new MatchPolicy(1_000_000_000L, false), 10)).newEdges())
                    .hasSize(1);

            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(context.getBean(PartitionMaintenance.class).partitionDays("journeys"))
                            .as("the scheduled pass ran after start-up")
                            .containsExactly(today.minusDays(1), today, today.plusDays(1), today.plusDays(2)));
        });
    }

    @Test
    void failsFastNamingTheServerWhenPostgresIsUnreachable() {
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/weft").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining(
                    "Weft's correlation ledger cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:1/weft");
        });
    }

    @Test
    void refusesServersOlderThan13() {
        assertThatThrownBy(() -> PostgresServerCheck.requireSupported(120015, "jdbc:postgresql://old/weft"))
                .hasMessageStartingWith("Weft's correlation ledger needs PostgreSQL 13 or later, but jdbc:postgresql://old/weft runs 12.15.");
        PostgresServerCheck.requireSupported(130000, "jdbc:postgresql://new/weft");
    }

    @Test
    void refusesARetentionShorterThanAPartition() {
        PostgresDatabase db = PostgresTestServer.createDatabase();
        runner.withPropertyValues("spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.username(),
                        "spring.datasource.password=" + db.password(), "weft.ledger.postgres.retention=12h")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("weft.ledger.postgres.retention must be at least 1d"));
    }
}
