package dev.weft.storage.postgres;

import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.RuleStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The correlation ledger on Spring Boot's {@link DataSource}. Not found by component scanning:
 * the server imports it when the storage is Elasticsearch + PostgreSQL. Spring Boot's Flyway
 * auto-configuration migrates the schema ({@code classpath:db/migration}); the migration
 * strategy here checks the server first, so an unreachable or too old PostgreSQL stops
 * start-up with a message saying which setting to fix.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PostgresLedgerProperties.class)
@EnableScheduling
public class PostgresLedgerConfiguration {

    @Bean
    FlywayMigrationStrategy verifyPostgresThenMigrate(DataSource dataSource,
                                                      @Value("${spring.datasource.url:the configured DataSource}") String url) {
        return flyway -> {
            PostgresServerCheck.verify(dataSource, url);
            flyway.migrate();
        };
    }

    @Bean
    @DependsOnDatabaseInitialization
    PartitionMaintenance ledgerPartitionMaintenance(DataSource dataSource, PostgresLedgerProperties properties) {
        return new PartitionMaintenance(dataSource, Clock.systemUTC(), properties.retention(), properties.partitionsAhead());
    }

    /** Creates the coming days' partitions and applies retention right after start-up, then at every interval. */
    @Bean
    SchedulingConfigurer ledgerPartitionSchedule(PartitionMaintenance maintenance, PostgresLedgerProperties properties) {
        return registrar -> registrar.addFixedDelayTask(maintenance::maintain, properties.maintenanceInterval());
    }

    @Bean
    @DependsOnDatabaseInitialization
    CorrelationLedger correlationLedger(DataSource dataSource, PartitionMaintenance partitions) {
        return new PostgresCorrelationLedger(dataSource, partitions);
    }

    @Bean
    @DependsOnDatabaseInitialization
    RuleStore correlationRuleStore(DataSource dataSource) {
        return new PostgresRuleStore(dataSource);
    }

    @Bean
    @DependsOnDatabaseInitialization
    PostgresJourneyStore journeyStore(DataSource dataSource, PartitionMaintenance partitions) {
        return new PostgresJourneyStore(dataSource, partitions);
    }
}
