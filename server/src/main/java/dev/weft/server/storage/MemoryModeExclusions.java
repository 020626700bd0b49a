package dev.weft.server.storage;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * In memory mode, switches off Spring Boot's Elasticsearch, DataSource and Flyway
 * auto-configuration, which the storage modules bring onto the class path: without this a
 * laptop run would try to reach servers it does not use, and report them down in health.
 */
public final class MemoryModeExclusions implements EnvironmentPostProcessor {

    static final List<String> EXTERNAL_STORAGE_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.elasticsearch.autoconfigure.ElasticsearchClientAutoConfiguration",
            "org.springframework.boot.elasticsearch.autoconfigure.ElasticsearchRestClientAutoConfiguration",
            "org.springframework.boot.elasticsearch.autoconfigure.health.ElasticsearchRestHealthContributorAutoConfiguration",
            "org.springframework.boot.data.elasticsearch.autoconfigure.DataElasticsearchAutoConfiguration",
            "org.springframework.boot.data.elasticsearch.autoconfigure.DataElasticsearchRepositoriesAutoConfiguration",
            "org.springframework.boot.data.elasticsearch.autoconfigure.DataElasticsearchReactiveRepositoriesAutoConfiguration",
            "org.springframework.boot.data.elasticsearch.autoconfigure.health.DataElasticsearchReactiveHealthContributorAutoConfiguration");

    private static final String EXCLUDE = "spring.autoconfigure.exclude";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String type = environment.getProperty("weft.storage.type", "memory");
        if (!type.equalsIgnoreCase("memory")) {
            return;
        }
        List<String> excluded = new ArrayList<>(EXTERNAL_STORAGE_AUTO_CONFIGURATIONS);
        String existing = environment.getProperty(EXCLUDE);
        if (existing != null && !existing.isBlank()) {
            excluded.add(existing);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("weftMemoryModeExclusions",
                Map.of(EXCLUDE, String.join(",", excluded))));
    }
}
