package dev.weft.storage.elasticsearch;

import dev.weft.model.Span;
import dev.weft.traceql.TraceQlSearcher;
import dev.weft.traceql.TraceQlSearcherContractTest;
import dev.weft.traceql.Expr;
import dev.weft.traceql.TraceQl;
import dev.weft.traceql.TraceQlEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.elasticsearch.client.elc.NativeQuery;
import org.springframework.data.elasticsearch.client.elc.NativeQueryBuilder;
import org.springframework.data.elasticsearch.core.mapping.IndexCoordinates;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The TraceQL contract against a real Elasticsearch: the same answers as the memory storage. */
class ElasticsearchTraceQlSearcherTest extends TraceQlSearcherContractTest {

    private final String prefix = TestElasticsearch.uniquePrefix();
    private ElasticsearchStorage elasticsearch;

    @Override
    protected TraceQlSearcher searcherOver(List<Span> spans) {
        elasticsearch = TestElasticsearch.start(prefix);
        elasticsearch.spanConsumer().accept(spans);
        elasticsearch.refresh();
        return elasticsearch.traceQlSearcher();
    }

    /**
     * The conditions the index answers exactly select exactly the matching spans, so that such a
     * search reads no trace it does not return.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{resource.service.name=\"frontend\" && name=\"GET /api\" && status=error && duration>100ms && duration<5s}",
            "{(resource.service.name=\"a\" || resource.service.name=\"b\") && kind=server}",
            "{resource.service.name=~\"cart|checkout\"}", "{name =~ \"GET /.*\"}", "{name =~ \"^check.*t$\"}",
            "{.http.method=\"POST\"}", "{resource.http.method=\"GET\"}", "{.env != \"x\"}",
            "{kind = client}", "{status != unset}", "{statusMessage = \"\"}", "{duration >= 6s}", "{duration < 100ms}",
            "{span.cached = true}", "{.deployment = nil}", "{span:id = \"0000000000000028\"}", "{.item.index = 3}"})
    void exactConditionsSelectExactlyTheMatchingSpans(String query) {
        Expr filter = TraceQl.parse(query);
        long matching = traces().stream().filter(span -> TraceQlEvaluator.matches(filter, span, null)).count();
        NativeQuery candidates = new NativeQueryBuilder().withQuery(TraceQlQueries.candidates(filter)).build();
        assertThat(TestElasticsearch.operations().count(candidates, IndexCoordinates.of(prefix + "spans-*")))
                .isEqualTo(matching).isPositive();
    }

    @AfterAll
    void deleteIndices() {
        elasticsearch.close();
        TestElasticsearch.deleteAll(prefix);
    }
}
