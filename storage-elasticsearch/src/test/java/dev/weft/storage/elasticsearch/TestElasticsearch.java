package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.weft.testing.elasticsearch.ElasticsearchTestServer;
import org.springframework.data.elasticsearch.client.elc.ElasticsearchTemplate;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.IndexInformation;
import org.springframework.data.elasticsearch.core.mapping.IndexCoordinates;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared test server's client, and per-test index prefixes so that tests never see each
 * other's data and clean up only their own.
 */
final class TestElasticsearch {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static ElasticsearchClient client;

    private TestElasticsearch() {
    }

    static synchronized ElasticsearchClient client() {
        if (client == null) {
            client = ElasticsearchClient.of(b -> b.host(ElasticsearchTestServer.url()));
        }
        return client;
    }

    static ElasticsearchOperations operations() {
        return new ElasticsearchTemplate(client());
    }

    static String uniquePrefix() {
        return "test-" + ProcessHandle.current().pid() + "-" + PREFIXES.incrementAndGet() + "-";
    }

    /** Defaults, but flushing every 20 ms so that synchronous writes in tests return quickly. */
    static ElasticsearchStorageProperties properties(String prefix) {
        return new ElasticsearchStorageProperties(prefix, 1, 0, Duration.ofSeconds(5), Duration.ofDays(7),
                Duration.ofHours(1), bulk(Duration.ofMillis(100), 8));
    }

    static ElasticsearchStorageProperties.Bulk bulk(Duration initialBackoff, int maxRetries) {
        return new ElasticsearchStorageProperties.Bulk(5000, DataSize.ofMegabytes(5), Duration.ofMillis(20), 2,
                initialBackoff, initialBackoff.multipliedBy(4), maxRetries);
    }

    static ElasticsearchStorage start(String prefix) {
        return ElasticsearchStorage.start(client(), operations(), properties(prefix));
    }

    static List<String> indices(String prefix) {
        return operations().indexOps(IndexCoordinates.of(prefix + "*")).getInformation().stream()
                .map(IndexInformation::getName).sorted().toList();
    }

    /** Deletes the indices and templates of a prefix, by name: the server refuses wildcard deletes. */
    static void deleteAll(String prefix) {
        ElasticsearchOperations operations = operations();
        indices(prefix).forEach(index -> operations.indexOps(IndexCoordinates.of(index)).delete());
        for (DailyIndices.Signal signal : DailyIndices.Signal.values()) {
            String template = ElasticsearchStorage.templateName(prefix, signal);
            if (operations.indexOps(IndexCoordinates.of(template)).existsIndexTemplate(template)) {
                operations.indexOps(IndexCoordinates.of(template)).deleteIndexTemplate(template);
            }
        }
    }
}
