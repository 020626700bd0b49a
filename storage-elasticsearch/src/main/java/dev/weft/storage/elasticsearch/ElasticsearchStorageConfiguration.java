package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;

/**
 * The Elasticsearch storage, built from the client and operations that Spring Boot configures from
 * {@code spring.elasticsearch.*}. Not found by component scanning: the server imports it when
 * {@code weft.storage.type=elasticsearch}. Creating the bean checks the server and installs the
 * index templates, so the application fails to start with a clear message when Elasticsearch is
 * unreachable or not version 9.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ElasticsearchStorageProperties.class)
public class ElasticsearchStorageConfiguration {

    @Bean(destroyMethod = "close")
    ElasticsearchStorage elasticsearchStorage(ElasticsearchClient client, ElasticsearchOperations operations,
                                              ElasticsearchStorageProperties properties) {
        return ElasticsearchStorage.start(client, operations, properties);
    }
}
