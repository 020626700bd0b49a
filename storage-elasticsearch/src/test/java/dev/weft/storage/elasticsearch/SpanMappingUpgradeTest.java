package dev.weft.storage.elasticsearch;

import dev.weft.traceql.Expr;
import dev.weft.traceql.TraceQl;
import dev.weft.traceql.TraceQlSearch;
import dev.weft.storage.TimeRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.elasticsearch.core.document.Document;
import org.springframework.data.elasticsearch.core.mapping.IndexCoordinates;

import java.util.List;

import static dev.weft.testing.TestTelemetry.MS;
import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.errorSpan;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A daily span index created before the TraceQL fields existed keeps taking spans: with a strict
 * mapping it would refuse the new fields until the next day's index.
 */
class SpanMappingUpgradeTest {

    /** The span mapping as it was before {@code statusMessage}, {@code resourceAttributes} and the typed keys. */
    private static final String OLD_MAPPING = """
            {"dynamic": "strict", "properties": {
              "traceId": {"type": "keyword"}, "spanId": {"type": "keyword"}, "parentSpanId": {"type": "keyword"},
              "service": {"type": "keyword"}, "name": {"type": "keyword"}, "kind": {"type": "keyword"},
              "statusCode": {"type": "keyword"}, "startTimeUnixNano": {"type": "long"},
              "endTimeUnixNano": {"type": "long"}, "durationNanos": {"type": "long"},
              "attributes": {"type": "flattened", "ignore_above": 8191}, "otlp": {"type": "binary"}}}""";

    private final String prefix = TestElasticsearch.uniquePrefix();
    private ElasticsearchStorage storage;

    @AfterEach
    void deleteIndices() {
        storage.close();
        TestElasticsearch.deleteAll(prefix);
    }

    @Test
    void anIndexOfTheOldMappingGetsTheNewFieldsAtStart() {
        String today = new DailyIndices(prefix).name(DailyIndices.Signal.SPANS, T0);
        TestElasticsearch.operations().indexOps(IndexCoordinates.of(today)).create(Document.create(), Document.parse(OLD_MAPPING));

        storage = TestElasticsearch.start(prefix);
        storage.spanConsumer().accept(List.of(errorSpan(traceId(1), spanId(1), "", "api", "GET /", T0, MS)));
        storage.refresh();

        assertThat(TestElasticsearch.indices(prefix)).contains(today);
        assertThat(storage.traceQlSearcher().search(new TraceQlSearch(TraceQl.parse("{statusMessage = \"boom\"}"),
                TimeRange.ALL, 10, 1))).hasSize(1);
        assertThat(storage.traceQlSearcher().tagNames(TimeRange.ALL, 10).resource()).containsExactly("service.name");
        assertThat(storage.traceQlSearcher().search(new TraceQlSearch(Expr.ALL, TimeRange.ALL, 10, 1))).hasSize(1);
    }
}
