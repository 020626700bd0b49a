package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.weft.storage.ItemsRejectedException;
import dev.weft.storage.elasticsearch.FakeElasticsearch.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bulk writer's retries, against a fake server that fails on demand. */
class BulkWriterTest {

    private static final String REJECTED = """
            {"error":{"type":"es_rejected_execution_exception","reason":"queue full"},"status":429}""";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<BulkWriter.Operation> two = List.of(operation("a"), operation("b"));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void backoffDoublesUpToTheMaximumThenGivesUp() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(300), 4);

        assertThat(List.of(0, 1, 2, 3)).map(r -> backoff.delay(r).orElseThrow().toMillis())
                .containsExactly(100L, 200L, 300L, 300L);
        assertThat(backoff.delay(4)).isEmpty();
    }

    @Test
    void retriesARejectedRequestAndThenOnlyTheRejectedItems() {
        AtomicInteger calls = new AtomicInteger();
        try (FakeElasticsearch es = new FakeElasticsearch(0, body -> switch (calls.getAndIncrement()) {
            case 0 -> new Answer(429, REJECTED);
            case 1 -> new Answer(200, items(201, 429));
            default -> new Answer(200, items(201));
        })) {
            writer(es.client(), 5).write(two);

            assertThat(es.requests).hasSize(3);
            assertThat(es.requests.get(2)).contains("\"_id\":\"b\"").doesNotContain("\"_id\":\"a\"");
        }
    }

    @Test
    void retriesUntilTheServerAcceptsConnections() throws Exception {
        int port = FakeElasticsearch.closedPort();
        BulkWriter writer = writer(FakeElasticsearch.client(port), 20);
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> writer.write(two));
        Thread.sleep(300);
        assertThat(written).isNotDone();

        try (FakeElasticsearch es = new FakeElasticsearch(port, body -> new Answer(200, items(201, 201)))) {
            written.get();
            assertThat(es.requests).hasSize(1);
        }
    }

    @Test
    void failsAtOnceOnAnItemThatCannotBeStored() {
        try (FakeElasticsearch es = new FakeElasticsearch(0, body -> new Answer(200, items(201, 400)))) {
            assertThatThrownBy(() -> writer(es.client(), 5).write(two)).isInstanceOf(ItemsRejectedException.class)
                    .hasMessageContaining("document b").hasMessageContaining("mapper_parsing_exception")
                    .satisfies(e -> assertThat(((ItemsRejectedException) e).items()).isEqualTo(1));
            assertThat(es.requests).hasSize(1);
        }
    }

    @Test
    void givesUpAfterTheLastRetry() {
        try (FakeElasticsearch es = new FakeElasticsearch(0, body -> new Answer(429, REJECTED))) {
            assertThatThrownBy(() -> writer(es.client(), 2).write(two)).isInstanceOf(BulkWriteException.class)
                    .hasMessageContaining("gave up after 2 retries");
            assertThat(es.requests).hasSize(3);
        }
    }

    @Test
    void flushesWhenTheCountLimitIsReachedWithoutWaitingForTheTimer() {
        try (FakeElasticsearch es = new FakeElasticsearch(0, body -> new Answer(200, items(201, 201)))) {
            var settings = new ElasticsearchStorageProperties.Bulk(2, DataSize.ofMegabytes(1),
                    Duration.ofHours(1), 1, Duration.ofMillis(10), Duration.ofMillis(10), 0);
            new BulkWriter(es.client(), settings, scheduler).write(two);

            assertThat(es.requests).hasSize(1);
        }
    }

    @Test
    void theBodyIsAnActionLineAndTheDocumentForEachOperation() {
        assertThat(new String(BulkWriter.body(two), StandardCharsets.UTF_8)).isEqualTo("""
                {"index":{"_index":"test","_id":"a"}}
                {"n":1}
                {"index":{"_index":"test","_id":"b"}}
                {"n":1}
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"we\"ft-", "we\\ft-", "_weft-", "we ft-", "we,ft-", "we*ft-", "Weft-"})
    void anIndexPrefixElasticsearchWouldRefuseIsRefusedAtStart(String prefix) {
        ElasticsearchStorageProperties defaults = TestElasticsearch.properties("weft-");
        assertThatThrownBy(() -> new ElasticsearchStorageProperties(prefix, 1, 0, defaults.refreshInterval(),
                defaults.retention(), defaults.retentionCheck(), defaults.bulk()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index-prefix");
    }

    private BulkWriter writer(ElasticsearchClient client, int maxRetries) {
        return new BulkWriter(client, TestElasticsearch.bulk(Duration.ofMillis(20), maxRetries), scheduler);
    }

    private static BulkWriter.Operation operation(String id) {
        return new BulkWriter.Operation("test", id, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk response with one item per status, ids a, b, ... */
    private static String items(int... statuses) {
        StringBuilder json = new StringBuilder("{\"took\":1,\"errors\":")
                .append(Arrays.stream(statuses).anyMatch(s -> s >= 300)).append(",\"items\":[");
        for (int i = 0; i < statuses.length; i++) {
            String id = String.valueOf((char) ('a' + i));
            json.append(i == 0 ? "" : ",").append("{\"index\":{\"_index\":\"test\",\"_id\":\"").append(id)
                    .append("\",\"status\":").append(statuses[i]);
            if (statuses[i] >= 300) {
                json.append(",\"error\":{\"type\":\"").append(statuses[i] == 429 ? "es_rejected_execution_exception"
                        : "mapper_parsing_exception").append("\",\"reason\":\"no\"}");
            }
            json.append("}}");
        }
        return json.append("]}").toString();
    }
}
