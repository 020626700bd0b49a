package dev.weft.storage.elasticsearch;

import dev.weft.storage.elasticsearch.FakeElasticsearch.Answer;
import dev.weft.testing.elasticsearch.ElasticsearchTestServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.elasticsearch.autoconfigure.DataElasticsearchAutoConfiguration;
import org.springframework.boot.elasticsearch.autoconfigure.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.elasticsearch.autoconfigure.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.mapping.IndexCoordinates;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The storage as the server gets it: from Spring Boot's Elasticsearch beans and properties. */
class ElasticsearchStorageConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ElasticsearchRestClientAutoConfiguration.class,
                    ElasticsearchClientAutoConfiguration.class, DataElasticsearchAutoConfiguration.class))
            .withUserConfiguration(ElasticsearchStorageConfiguration.class);

    @Test
    void startsFromSpringBootsClientWithDefaultsAndInstallsTheTemplates() {
        String prefix = TestElasticsearch.uniquePrefix();
        try {
            runner.withPropertyValues("spring.elasticsearch.uris=" + ElasticsearchTestServer.url(),
                    "weft.storage.elasticsearch.index-prefix=" + prefix,
                    "weft.storage.elasticsearch.bulk.max-actions=100").run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(ElasticsearchStorage.class);
                ElasticsearchStorageProperties properties = context.getBean(ElasticsearchStorageProperties.class);
                assertThat(properties.replicas()).isZero();
                assertThat(properties.refreshInterval()).isEqualTo(Duration.ofSeconds(1));
                assertThat(properties.retention()).isEqualTo(Duration.ofDays(7));
                assertThat(properties.bulk().maxActions()).isEqualTo(100);
                assertThat(properties.bulk().maxBytes()).isEqualTo(DataSize.ofMegabytes(5));
                String template = prefix + "logs";
                assertThat(context.getBean(ElasticsearchOperations.class).indexOps(IndexCoordinates.of(template))
                        .existsIndexTemplate(template)).isTrue();
            });
        } finally {
            TestElasticsearch.deleteAll(prefix);
        }
    }

    @Test
    void failsFastWhenElasticsearchIsUnreachable() {
        int port = FakeElasticsearch.closedPort();
        runner.withPropertyValues("spring.elasticsearch.uris=http://127.0.0.1:" + port).run(context ->
                assertThat(context).getFailure()
                        .hasMessageContaining("Elasticsearch at [http://127.0.0.1:" + port + "] is unreachable")
                        .hasMessageContaining("spring.elasticsearch.uris"));
    }

    @Test
    void failsFastWhenElasticsearchIsNotVersion9() {
        try (FakeElasticsearch es = new FakeElasticsearch(0,
                body -> new Answer(200, "{\"nodes\":{\"n1\":{\"version\":\"8.17.0\"}}}"))) {
            runner.withPropertyValues("spring.elasticsearch.uris=http://127.0.0.1:" + es.port()).run(context ->
                    assertThat(context).getFailure()
                            .hasMessageContaining("runs version 8.17.0; Weft needs Elasticsearch 9.x"));
        }
    }
}
