package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.FieldCollapse;
import dev.weft.model.Span;
import dev.weft.storage.SpanStore;
import dev.weft.storage.TimeRange;
import dev.weft.storage.elasticsearch.DailyIndices.Signal;
import dev.weft.storage.elasticsearch.ElasticsearchSpanStore.SpanSkeleton;
import dev.weft.traceql.Attribute;
import dev.weft.traceql.Expr;
import dev.weft.traceql.Field;
import dev.weft.traceql.Intrinsic;
import dev.weft.traceql.Scope;
import dev.weft.traceql.TagValue;
import dev.weft.traceql.TraceQlEvaluator;
import dev.weft.traceql.TraceQlMatch;
import dev.weft.traceql.TraceQlSearch;
import dev.weft.traceql.TraceQlSearcher;
import org.springframework.data.elasticsearch.client.elc.NativeQueryBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.weft.storage.elasticsearch.Documents.ATTRIBUTES;
import static dev.weft.storage.elasticsearch.Documents.NAME;
import static dev.weft.storage.elasticsearch.Documents.PARENT_SPAN_ID;
import static dev.weft.storage.elasticsearch.Documents.RESOURCE_ATTRIBUTES;
import static dev.weft.storage.elasticsearch.Documents.RESOURCE_KEYS;
import static dev.weft.storage.elasticsearch.Documents.SERVICE;
import static dev.weft.storage.elasticsearch.Documents.SPAN_KEYS;
import static dev.weft.storage.elasticsearch.Documents.START;
import static dev.weft.storage.elasticsearch.Documents.STATUS_MESSAGE;
import static dev.weft.storage.elasticsearch.Documents.TRACE_ID;
import static dev.weft.storage.elasticsearch.Searches.MAX_PAGE;
import static dev.weft.storage.elasticsearch.Searches.query;
import static dev.weft.storage.elasticsearch.Searches.term;

/**
 * TraceQL in two steps. {@link TraceQlQueries} turns the filter into a query on span documents that
 * every matching span matches; the search collapses its hits on the trace id, newest matching span
 * first, a page at a time. The candidates' traces are then read whole and {@link TraceQlEvaluator}
 * decides, exactly as in memory, which match and with which spans. Pages follow until {@code limit}
 * traces matched, the candidates ran out, or Elasticsearch's result window (10,000 candidate traces)
 * is reached: a filter that the index answers only loosely and that matches rarely can end there
 * with fewer results than exist. When more traces match than {@code limit}, the ones kept are those
 * whose matching span is newest, as in {@link ElasticsearchSpanStore#searchTraces}.
 *
 * <p>Tag names come from the {@code spanKeys} and {@code resourceKeys} fields, which hold each key as
 * {@code key:type}; tag values from terms aggregations on the flattened attribute fields, each value
 * bucket telling its types through those keys. The filter of a tag-value request is applied as the
 * candidate query alone, so where that is looser than the filter (see {@link TraceQlQueries}) values
 * of non-matching spans can appear.
 */
final class ElasticsearchTraceQlSearcher implements TraceQlSearcher {

    private static final List<String> TYPES = List.of("string", "int", "float", "bool");

    private final DailyIndices indices;
    private final Searches searches;
    private final SpanStore spans;

    ElasticsearchTraceQlSearcher(DailyIndices indices, Searches searches, SpanStore spans) {
        this.indices = indices;
        this.searches = searches;
        this.spans = spans;
    }

    @Override
    public List<TraceQlMatch> search(TraceQlSearch search) {
        String[] spanIndices = indices.names(Signal.SPANS, search.timeRange());
        Query matching = inRange(search.filter(), search.timeRange());
        // At least 20 a page, so that a small limit with a loose filter does not read trace by trace.
        int pageSize = Math.min(Math.max(search.limit(), 20), MAX_PAGE);
        List<TraceQlMatch> found = new ArrayList<>();
        for (int page = 0; found.size() < search.limit() && (page + 1) * pageSize <= MAX_PAGE; page++) {
            NativeQueryBuilder candidates = query(matching, TRACE_ID)
                    .withFieldCollapse(FieldCollapse.of(c -> c.field(TRACE_ID)))
                    .withSort(Searches.newestFirst(START), SortOptions.of(s -> s.field(f -> f.field(TRACE_ID).order(SortOrder.Asc))));
            List<String> traceIds = searches.page(candidates, page, pageSize, SpanSkeleton.class, spanIndices, SpanSkeleton::traceId);
            Map<String, List<Span>> traces = spans.getTraces(traceIds);
            for (String traceId : traceIds) {
                TraceQlEvaluator.match(search.filter(), traces.getOrDefault(traceId, List.of()), search.timeRange(),
                        search.spansPerSpanSet()).ifPresent(found::add);
            }
            if (traceIds.size() < pageSize) {
                break;
            }
        }
        found.sort(TraceQlMatch.NEWEST_FIRST);
        return found.size() > search.limit() ? List.copyOf(found.subList(0, search.limit())) : found;
    }

    @Override
    public TagNames tagNames(TimeRange range, int limit) {
        Query inRange = inRange(Expr.ALL, range);
        String[] spanIndices = indices.names(Signal.SPANS, range);
        return new TagNames(names(searches.distinct(inRange, RESOURCE_KEYS, spanIndices), limit),
                names(searches.distinct(inRange, SPAN_KEYS, spanIndices), limit));
    }

    /** The keys of {@link Documents#typedKey} entries: everything before the last colon. */
    private static List<String> names(List<String> typedKeys, int limit) {
        return typedKeys.stream().map(k -> k.substring(0, k.lastIndexOf(':'))).distinct().sorted().limit(limit).toList();
    }

    @Override
    public List<TagValue> tagValues(Field field, Expr filter, TimeRange range, int limit) {
        Query matching = inRange(filter, range);
        String[] spanIndices = indices.names(Signal.SPANS, range);
        Set<TagValue> values = new TreeSet<>(TagValue.ORDER);
        switch (field) {
            case Attribute a -> attributeValues(a, matching, spanIndices, values);
            case Intrinsic i -> {
                switch (i) {
                    case NAME -> strings(matching, NAME, spanIndices, values);
                    case STATUS_MESSAGE -> strings(matching, STATUS_MESSAGE, spanIndices, values);
                    case ROOT_NAME -> strings(and(matching, term(PARENT_SPAN_ID, "")), NAME, spanIndices, values);
                    case ROOT_SERVICE_NAME -> strings(and(matching, term(PARENT_SPAN_ID, "")), SERVICE, spanIndices, values);
                    default -> {
                    }
                }
            }
        }
        return values.stream().limit(limit).toList();
    }

    private void strings(Query query, String field, String[] spanIndices, Set<TagValue> into) {
        searches.distinct(query, field, spanIndices).stream().filter(v -> !v.isEmpty())
                .forEach(v -> into.add(new TagValue("string", v)));
    }

    /**
     * One bucket per value text of the attribute, and in each the typed keys of the documents that
     * hold it, which tell the value's types: for {@code .x}, the span's keys where the span has the
     * attribute and the resource's where only the resource has it.
     */
    private void attributeValues(Attribute attribute, Query matching, String[] spanIndices, Set<TagValue> into) {
        List<String> typedKeys = Stream.concat(TYPES.stream(), Stream.of(Documents.OTHER_TYPE))
                .map(type -> Documents.typedKey(attribute.name(), type)).toList();
        Query spanHasIt = Searches.terms(SPAN_KEYS, typedKeys);
        Query query = attribute.scope() == Scope.SPAN ? and(matching, spanHasIt) : matching;
        String valueField = (attribute.scope() == Scope.RESOURCE ? RESOURCE_ATTRIBUTES : ATTRIBUTES) + "." + attribute.name();
        Map<String, Aggregation> types = switch (attribute.scope()) {
            case SPAN -> Map.of("span", types(SPAN_KEYS, typedKeys));
            case RESOURCE -> Map.of("resource", types(RESOURCE_KEYS, typedKeys));
            case ANY -> Map.of(
                    "span", Aggregation.of(a -> a.filter(spanHasIt).aggregations("types", types(SPAN_KEYS, typedKeys))),
                    "resource", Aggregation.of(a -> a.filter(TraceQlQueries.not(spanHasIt))
                            .aggregations("types", types(RESOURCE_KEYS, typedKeys))));
        };
        Aggregate values = searches.aggregate(query, Aggregation.of(a -> a.terms(t -> t.field(valueField).size(MAX_PAGE))
                .aggregations(types)), spanIndices);
        if (values == null || !values.isSterms()) {
            return; // no index, or the attribute is mapped nowhere
        }
        for (StringTermsBucket bucket : values.sterms().buckets().array()) {
            String value = bucket.key().stringValue();
            for (Aggregate typeAggregate : bucket.aggregations().values()) {
                Aggregate keys = typeAggregate.isFilter() ? typeAggregate.filter().aggregations().get("types") : typeAggregate;
                keys.sterms().buckets().array().stream()
                        .map(b -> b.key().stringValue().substring(attribute.name().length() + 1))
                        .filter(TYPES::contains)
                        .forEach(type -> into.add(new TagValue(type, value)));
            }
        }
    }

    private static Aggregation types(String keysField, List<String> typedKeys) {
        return Aggregation.of(a -> a.terms(t -> t.field(keysField).include(i -> i.terms(typedKeys)).size(typedKeys.size())));
    }

    /** The candidate query of the filter, on spans that start inside the range. */
    private static Query inRange(Expr filter, TimeRange range) {
        List<Query> filters = new ArrayList<>(List.of(TraceQlQueries.candidates(filter)));
        Searches.addTime(filters, START, range);
        return Searches.all(filters);
    }

    private static Query and(Query a, Query b) {
        return Query.of(q -> q.bool(x -> x.filter(a, b)));
    }
}
