package dev.weft.server.storage;

import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.InMemoryCorrelationLedger;
import dev.weft.correlation.ledger.InMemoryRuleStore;
import dev.weft.correlation.ledger.RuleStore;
import dev.weft.storage.StorageComponent;
import dev.weft.storage.elasticsearch.ElasticsearchStorageConfiguration;
import dev.weft.storage.memory.InMemoryStorage;
import dev.weft.storage.postgres.PostgresLedgerConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The storage beans every role reads and writes through: a {@link StorageComponent} for
 * telemetry, a {@link CorrelationLedger} and a {@link RuleStore} for correlation. In
 * elasticsearch mode Spring Boot's own auto-configuration builds the clients from
 * {@code spring.elasticsearch.*} and {@code spring.datasource.*}; in memory mode
 * {@link MemoryModeExclusions} keeps it from building them at all.
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
        CorrelationLedger correlationLedger(StorageProperties properties) {
            return new InMemoryCorrelationLedger(properties.memory().maxCorrelationKeys());
        }

        @Bean
        RuleStore ruleStore() {
            return new InMemoryRuleStore();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "weft.storage.type", havingValue = "elasticsearch")
    @Import({ElasticsearchStorageConfiguration.class, PostgresLedgerConfiguration.class})
    static class Elasticsearch {
    }
}
