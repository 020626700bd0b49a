package dev.weft.server.storage;

import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.InMemoryCorrelationLedger;
import dev.weft.correlation.ledger.InMemoryRuleStore;
import dev.weft.correlation.ledger.RuleStore;
import dev.weft.storage.StorageComponent;
import dev.weft.storage.elasticsearch.ElasticsearchStorageConfiguration;
import dev.weft.storage.memory.InMemoryStorage;
import dev.weft.storage.postgres.PostgresLedgerConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.elasticsearch.autoconfigure.DataElasticsearchAutoConfiguration;
import org.springframework.boot.elasticsearch.autoconfigure.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.elasticsearch.autoconfigure.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.elasticsearch.autoconfigure.health.ElasticsearchRestHealthContributorAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The storage beans every role reads and writes through: a {@link StorageComponent} for
 * telemetry, a {@link CorrelationLedger} and a {@link RuleStore} for correlation. The
 * Elasticsearch and PostgreSQL client auto-configurations are excluded application-wide
 * ({@link dev.weft.server.WeftApplication}) and imported here only in that mode, so memory mode
 * neither needs nor probes either server.
 */
final class StorageConfiguration {

    private StorageConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "weft.storage.type", havingValue = "memory", matchIfMissing = true)
    static class Memory {

        @Bean(destroyMethod = "close")
        StorageComponent storage(StorageProperties properties) {
            StorageProperties.Memory memory = properties.memory();
            return new InMemoryStorage(memory.maxSpans(), memory.maxLogRecords(), memory.maxMetricPoints());
        }

        @Bean
        CorrelationLedger correlationLedger() {
            return new InMemoryCorrelationLedger();
        }

        @Bean
        RuleStore ruleStore() {
            return new InMemoryRuleStore();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "weft.storage.type", havingValue = "elasticsearch")
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class, DataSourceHealthContributorAutoConfiguration.class,
            ElasticsearchRestClientAutoConfiguration.class, ElasticsearchClientAutoConfiguration.class,
            DataElasticsearchAutoConfiguration.class, ElasticsearchRestHealthContributorAutoConfiguration.class})
    @Import({ElasticsearchStorageConfiguration.class, PostgresLedgerConfiguration.class})
    static class Elasticsearch {
    }
}
