package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.weft.model.AnyValue;
import dev.weft.model.LogRecord;
import dev.weft.model.MetricPoint;
import dev.weft.model.Span;
import dev.weft.model.Status;
import dev.weft.storage.LogQuery;
import dev.weft.storage.MetricQuery;
import dev.weft.storage.TimeRange;
import dev.weft.storage.TraceQuery;
import dev.weft.storage.TraceSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.index.TemplateResponse;
import org.springframework.data.elasticsearch.core.mapping.IndexCoordinates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.weft.testing.TestTelemetry.MS;
import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.gauge;
import static dev.weft.testing.TestTelemetry.log;
import static dev.weft.testing.TestTelemetry.span;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the contract cannot see: index layout, templates, retention and ids, against a real server. */
class ElasticsearchStorageTest {

    private static final long DAY = 86_400_000_000_000L;

    private final String prefix = TestElasticsearch.uniquePrefix();
    private final ElasticsearchClient client = TestElasticsearch.client();
    private final ElasticsearchOperations operations = TestElasticsearch.operations();
    private final List<ElasticsearchStorage> started = new ArrayList<>();

    @AfterEach
    void deleteIndices() {
        started.forEach(ElasticsearchStorage::close);
        TestElasticsearch.deleteAll(prefix);
    }

    private ElasticsearchStorage start(ElasticsearchStorageProperties properties) {
        ElasticsearchStorage storage = ElasticsearchStorage.start(client, operations, properties);
        started.add(storage);
        return storage;
    }

    @Test
    void itemsLandInTheIndexOfTheirDayAndABoundedQueryReadsOnlyThatDay() throws IOException {
        ElasticsearchStorage storage = start(TestElasticsearch.properties(prefix));
        storage.spanConsumer().accept(List.of(span(traceId(1), spanId(1), "", "api", "first", T0, MS),
                span(traceId(2), spanId(2), "", "api", "second", T0 + DAY, MS)));
        storage.logConsumer().accept(List.of(log("api", T0, 9, "first", "", ""), log("api", T0 + DAY, 9, "second", "", "")));
        storage.metricConsumer().accept(List.of(gauge("api", "m", T0, 1), gauge("api", "m", T0 + DAY, 2)));
        storage.refresh();

        assertThat(TestElasticsearch.indices(prefix)).contains(
                prefix + "logs-2026.01.01", prefix + "logs-2026.01.02", prefix + "metrics-2026.01.01",
                prefix + "metrics-2026.01.02", prefix + "spans-2026.01.01", prefix + "spans-2026.01.02");

        // With reads blocked on the second day, a search that touched it would fail.
        for (String signal : List.of("spans", "logs", "metrics")) {
            client.indices().putSettings(s -> s.index(prefix + signal + "-2026.01.02")
                    .settings(i -> i.blocks(b -> b.read(true))));
        }
        // Ends well before midnight: the trace search also reads its margin around the range.
        TimeRange firstDay = new TimeRange(T0, T0 + DAY / 2);
        assertThat(storage.spanStore().searchTraces(TraceQuery.all(10).withTimeRange(firstDay)))
                .extracting(TraceSummary::rootName).containsExactly("first");
        assertThat(storage.logStore().findLogs(LogQuery.all(10).withTimeRange(firstDay)))
                .extracting(l -> l.body().asText()).containsExactly("first");
        assertThat(storage.metricStore().findMetrics(new MetricQuery(null, null, firstDay, 10))).hasSize(1);
        assertThatThrownBy(() -> storage.spanStore().searchTraces(TraceQuery.all(10)))
                .as("the block bites an unbounded search").hasMessageContaining("blocked");

        for (String signal : List.of("spans", "logs", "metrics")) {
            client.indices().putSettings(s -> s.index(prefix + signal + "-2026.01.02")
                    .settings(i -> i.blocks(b -> b.read(false))));
        }
    }

    @Test
    void todaysAndTomorrowsIndicesExistBeforeAnythingIsWritten() {
        start(TestElasticsearch.properties(prefix));
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("yyyy.MM.dd");
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);

        assertThat(TestElasticsearch.indices(prefix)).containsExactlyInAnyOrderElementsOf(
                List.of("spans", "logs", "metrics").stream().flatMap(signal -> java.util.stream.Stream.of(
                        prefix + signal + "-" + day.format(today), prefix + signal + "-" + day.format(today.plusDays(1))))
                        .toList());
    }

    @Test
    void installingTheTemplatesAgainIsHarmlessAndAppliesChangedSettings() {
        ElasticsearchStorageProperties defaults = TestElasticsearch.properties(prefix);
        start(defaults);
        TemplateResponse first = spansTemplate();
        start(defaults);
        assertThat(spansTemplate()).isEqualTo(first);

        start(new ElasticsearchStorageProperties(prefix, 1, 2, Duration.ofSeconds(30), defaults.retention(),
                defaults.retentionCheck(), defaults.bulk()));
        TemplateResponse changed = spansTemplate();
        assertThat(changed.templateData().settings().flatten())
                .containsEntry("index.number_of_replicas", "2").containsEntry("index.refresh_interval", "30000ms");
        assertThat(changed.templateData().mapping().toJson())
                .contains("\"attributes\":{\"type\":\"flattened\"").contains("\"otlp\":{\"type\":\"binary\"}");
    }

    private TemplateResponse spansTemplate() {
        String name = prefix + "spans";
        List<TemplateResponse> templates = operations.indexOps(IndexCoordinates.of(name)).getIndexTemplate(name);
        assertThat(templates).hasSize(1);
        return templates.getFirst();
    }

    @Test
    void retentionDeletesOnlyDailyIndicesWhoseDayIsPastTheRetention() {
        ElasticsearchStorage storage = start(TestElasticsearch.properties(prefix)); // retention: 7 days
        for (int day = 0; day < 10; day++) {
            storage.spanConsumer().accept(List.of(span(traceId(day + 1), spanId(day + 1), "", "api", "op", T0 + day * DAY, MS)));
        }
        storage.logConsumer().accept(List.of(log("api", T0, 9, "old", "", "")));
        operations.indexOps(IndexCoordinates.of(prefix + "spans-keep")).create();

        // Ten days after T0 + 0.5 day: days 0 to 2 ended more than seven days ago.
        List<String> deleted = storage.deleteExpiredIndices(Instant.ofEpochSecond(0, T0 + 10 * DAY + DAY / 2));

        assertThat(deleted).containsExactlyInAnyOrder(prefix + "spans-2026.01.01", prefix + "spans-2026.01.02",
                prefix + "spans-2026.01.03", prefix + "logs-2026.01.01");
        assertThat(TestElasticsearch.indices(prefix)).contains(prefix + "spans-2026.01.04", prefix + "spans-2026.01.10",
                prefix + "spans-keep").doesNotContainAnyElementsOf(deleted);
    }

    @Test
    void writingTheSameBatchTwiceStoresEachItemOnce() {
        ElasticsearchStorage storage = start(TestElasticsearch.properties(prefix));
        List<Span> spans = List.of(span(traceId(1), spanId(1), "", "api", "op", T0, MS),
                span(traceId(1), spanId(2), spanId(1), "db", "query", T0, MS));
        List<LogRecord> logs = List.of(log("api", T0, 9, "a", "", ""), log("api", T0, 9, "b", "", ""));
        List<MetricPoint> points = List.of(gauge("api", "m", T0, 1), gauge("api", "m", T0, 2));
        for (int i = 0; i < 2; i++) {
            storage.spanConsumer().accept(spans);
            storage.logConsumer().accept(logs);
            storage.metricConsumer().accept(points);
        }
        storage.refresh();

        assertThat(count("spans")).isEqualTo(2);
        assertThat(count("logs")).isEqualTo(2);
        assertThat(count("metrics")).isEqualTo(2);
        assertThat(storage.spanStore().getTrace(traceId(1))).containsExactlyElementsOf(spans);
    }

    @Test
    void attributeValuesTooLongForAKeywordAreStoredButNotIndexed() {
        ElasticsearchStorage storage = start(TestElasticsearch.properties(prefix));
        String stack = "x".repeat(40_000);
        Span span = span(traceId(1), spanId(1), "", "api", "op", T0, MS, Status.UNSET,
                Map.of("exception.stacktrace", AnyValue.of(stack)));
        LogRecord longLog = log("api", T0, 9, "start " + stack + " payment failed", "", "");
        storage.spanConsumer().accept(List.of(span));
        storage.logConsumer().accept(List.of(longLog));
        storage.refresh();

        assertThat(storage.spanStore().getTrace(traceId(1))).containsExactly(span);
        assertThat(storage.logStore().findLogs(LogQuery.all(10).withText("Payment Failed"))).containsExactly(longLog);
    }

    private long count(String signal) {
        try {
            return client.count(c -> c.index(prefix + signal + "-*")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
