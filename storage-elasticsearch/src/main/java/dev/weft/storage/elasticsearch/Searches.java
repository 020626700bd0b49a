package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import dev.weft.storage.TimeRange;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.elasticsearch.client.elc.ElasticsearchAggregations;
import org.springframework.data.elasticsearch.client.elc.NativeQuery;
import org.springframework.data.elasticsearch.client.elc.NativeQueryBuilder;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.SearchHitsIterator;
import org.springframework.data.elasticsearch.core.mapping.IndexCoordinates;
import org.springframework.data.elasticsearch.core.query.FetchSourceFilter;
import org.springframework.data.elasticsearch.core.query.IndicesOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What every search here has in common: it runs through Spring Data's {@link ElasticsearchOperations}
 * with the client's query DSL, tolerates daily indices that do not exist (a day without data, or one
 * already deleted by retention), and reads only the fields it needs.
 */
final class Searches {

    /** Elasticsearch's default {@code index.max_result_window}: the most hits one page may ask for. */
    static final int MAX_PAGE = 10_000;

    private final ElasticsearchOperations operations;

    Searches(ElasticsearchOperations operations) {
        this.operations = operations;
    }

    /** A query that ignores missing indices and reads only {@code fields}. */
    static NativeQueryBuilder query(Query query, String... fields) {
        return new NativeQueryBuilder().withQuery(query)
                .withIndicesOptions(IndicesOptions.LENIENT_EXPAND_OPEN)
                .withSourceFilter(new FetchSourceFilter(true, fields, null));
    }

    /** The first {@code size} hits, mapped; no total is counted. */
    <T, R> List<R> page(NativeQueryBuilder query, int size, Class<T> type, String[] indices, Function<T, R> map) {
        NativeQuery search = query.withMaxResults(Math.min(size, MAX_PAGE)).withTrackTotalHits(false).build();
        return operations.search(search, type, IndexCoordinates.of(indices)).stream()
                .map(hit -> map.apply(hit.getContent())).toList();
    }

    /** The {@code page}-th page of {@code size} hits (page 0 first), mapped; no total is counted. */
    <T, R> List<R> page(NativeQueryBuilder query, int page, int size, Class<T> type, String[] indices, Function<T, R> map) {
        NativeQuery search = query.withPageable(PageRequest.of(page, size)).withTrackTotalHits(false).build();
        return operations.search(search, type, IndexCoordinates.of(indices)).stream()
                .map(hit -> map.apply(hit.getContent())).toList();
    }

    /** Every hit, however many, through a scroll; for the spans of traces, which have no useful bound. */
    <T, R> List<R> all(NativeQueryBuilder query, Class<T> type, String[] indices, Function<T, R> map) {
        List<R> out = new ArrayList<>();
        try (SearchHitsIterator<T> hits = operations.searchForStream(query.withPageable(PageRequest.of(0, 1000)).build(),
                type, IndexCoordinates.of(indices))) {
            hits.forEachRemaining(hit -> out.add(map.apply(hit.getContent())));
        }
        return out;
    }

    /** The distinct values of a keyword field among the matching documents, sorted. */
    List<String> distinct(Query query, String field, String[] indices) {
        Aggregate values = aggregate(query, Aggregation.of(a -> a.terms(t -> t.field(field).size(MAX_PAGE))), indices);
        if (values == null || !values.isSterms()) {
            return List.of(); // the field is mapped nowhere
        }
        return values.sterms().buckets().array().stream().map(b -> b.key().stringValue()).sorted().toList();
    }

    /** One aggregation over the matching documents, without hits; null when there is no index at all. */
    Aggregate aggregate(Query query, Aggregation aggregation, String[] indices) {
        NativeQuery search = query(query).withMaxResults(0).withTrackTotalHits(false)
                .withAggregation("values", aggregation).build();
        var aggregations = (ElasticsearchAggregations) operations.search(search, StoredItem.class,
                IndexCoordinates.of(indices)).getAggregations();
        return aggregations == null || aggregations.get("values") == null ? null
                : aggregations.get("values").aggregation().getAggregate();
    }

    /** A document read back only for the item it stores. */
    record StoredItem(String otlp) {
    }

    static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    static Query terms(String field, List<String> values) {
        return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(values.stream().map(FieldValue::of).toList()))));
    }

    /** A range on a long field; bounds are sent as JSON integers, exact to the nanosecond (not as doubles). */
    static Query range(String field, Long min, Long max) {
        return Query.of(q -> q.range(r -> r.untyped(u -> {
            u.field(field);
            if (min != null) {
                u.gte(JsonData.of(min));
            }
            if (max != null) {
                u.lte(JsonData.of(max));
            }
            return u;
        })));
    }

    /** Adds the time filter unless the range is unbounded. */
    static void addTime(List<Query> filters, String field, TimeRange range) {
        if (!range.equals(TimeRange.ALL)) {
            filters.add(range(field, range.startUnixNano(), range.endUnixNano()));
        }
    }

    /** All filters at once, without scoring. */
    static Query all(List<Query> filters) {
        return filters.isEmpty() ? Query.of(q -> q.matchAll(m -> m)) : Query.of(q -> q.bool(b -> b.filter(filters)));
    }

    static SortOptions newestFirst(String field) {
        return SortOptions.of(s -> s.field(f -> f.field(field).order(SortOrder.Desc)));
    }
}
