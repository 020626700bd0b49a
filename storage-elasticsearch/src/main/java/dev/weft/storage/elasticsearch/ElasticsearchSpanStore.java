package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.FieldCollapse;
import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.model.Status;
import dev.weft.model.StatusCode;
import dev.weft.storage.SpanConsumer;
import dev.weft.storage.SpanStore;
import dev.weft.storage.TimeRange;
import dev.weft.storage.TraceQuery;
import dev.weft.storage.TraceSummary;
import dev.weft.storage.elasticsearch.DailyIndices.Signal;
import dev.weft.storage.elasticsearch.Searches.StoredItem;
import org.springframework.data.elasticsearch.client.elc.NativeQueryBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.weft.storage.elasticsearch.Documents.ATTRIBUTES;
import static dev.weft.storage.elasticsearch.Documents.DURATION;
import static dev.weft.storage.elasticsearch.Documents.END;
import static dev.weft.storage.elasticsearch.Documents.NAME;
import static dev.weft.storage.elasticsearch.Documents.OTLP;
import static dev.weft.storage.elasticsearch.Documents.PARENT_SPAN_ID;
import static dev.weft.storage.elasticsearch.Documents.SERVICE;
import static dev.weft.storage.elasticsearch.Documents.START;
import static dev.weft.storage.elasticsearch.Documents.STATUS_CODE;
import static dev.weft.storage.elasticsearch.Documents.TRACE_ID;
import static dev.weft.storage.elasticsearch.Searches.query;
import static dev.weft.storage.elasticsearch.Searches.term;

/**
 * Spans in {@code <prefix>spans-YYYY.MM.DD}, by the day their span started.
 *
 * <p>A trace search is two steps. The first finds the traces that have one span satisfying every
 * condition (each span is one document, so a bool filter over it is exactly "one span matches all"),
 * collapsed on the trace id and ordered by that span's start, newest first, {@code limit} of them.
 * The second reads the summary fields of all spans of those traces and lets
 * {@link TraceSummary#of} summarise them, as every storage does. It reads the indices of the range
 * widened by {@link #TRACE_MARGIN_NANOS} on each side, for the other spans of a trace that began
 * or ended just outside the range: only a range boundary that close to midnight adds the
 * neighbouring day's index. A trace longer than that margin, crossing both a range boundary and
 * midnight, can be summarised from part of its spans; {@link #getTrace} always reads all of them.
 */
final class ElasticsearchSpanStore implements SpanConsumer, SpanStore {

    private static final String[] SUMMARY_FIELDS = {TRACE_ID, PARENT_SPAN_ID, SERVICE, NAME, START, END, STATUS_CODE};
    static final long TRACE_MARGIN_NANOS = 3_600_000_000_000L;

    private final DailyIndices indices;
    private final BulkWriter writer;
    private final Searches searches;

    ElasticsearchSpanStore(DailyIndices indices, BulkWriter writer, Searches searches) {
        this.indices = indices;
        this.writer = writer;
        this.searches = searches;
    }

    @Override
    public void accept(List<Span> spans) {
        writer.write(Documents.spans(indices, spans));
    }

    /** Looks in every daily index: a trace id says nothing about when the trace happened. */
    @Override
    public List<Span> getTrace(String traceId) {
        List<Span> spans = new ArrayList<>(searches.all(query(term(TRACE_ID, traceId), OTLP), StoredItem.class,
                new String[]{indices.pattern(Signal.SPANS)}, stored -> Documents.span(stored.otlp())));
        spans.sort(Comparator.comparingLong(Span::startTimeUnixNano).thenComparing(Span::spanId));
        return spans;
    }

    /** One terms query for all the traces: a journey of fifty traces is one request, not fifty. */
    @Override
    public Map<String, List<Span>> getTraces(Collection<String> traceIds) {
        if (traceIds.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Span>> traces = new LinkedHashMap<>();
        searches.all(query(Searches.terms(TRACE_ID, List.copyOf(traceIds)), OTLP), StoredItem.class,
                        new String[]{indices.pattern(Signal.SPANS)}, stored -> Documents.span(stored.otlp()))
                .forEach(span -> traces.computeIfAbsent(span.traceId(), t -> new ArrayList<>()).add(span));
        traces.values().forEach(spans -> spans.sort(Comparator.comparingLong(Span::startTimeUnixNano).thenComparing(Span::spanId)));
        return traces;
    }

    @Override
    public List<TraceSummary> searchTraces(TraceQuery q) {
        NativeQueryBuilder newestMatches = query(matchingSpan(q), TRACE_ID)
                .withFieldCollapse(FieldCollapse.of(c -> c.field(TRACE_ID)))
                .withSort(Searches.newestFirst(START), SortOptions.of(s -> s.field(f -> f.field(TRACE_ID).order(SortOrder.Asc))));
        List<String> traceIds = searches.page(newestMatches, q.limit(), SpanSkeleton.class,
                indices.names(Signal.SPANS, q.timeRange()), SpanSkeleton::traceId);
        if (traceIds.isEmpty()) {
            return List.of();
        }
        Map<String, List<Span>> traces = searches.all(query(Searches.terms(TRACE_ID, traceIds), SUMMARY_FIELDS),
                        SpanSkeleton.class, indices.names(Signal.SPANS, widened(q.timeRange())), s -> s)
                .stream().collect(Collectors.groupingBy(SpanSkeleton::traceId, LinkedHashMap::new,
                        Collectors.mapping(SpanSkeleton::toSpan, Collectors.toList())));
        return traces.values().stream().map(TraceSummary::of)
                .sorted(Comparator.comparingLong(TraceSummary::startTimeUnixNano).reversed()
                        .thenComparing(TraceSummary::traceId))
                .toList();
    }

    @Override
    public List<String> serviceNames() {
        return searches.distinct(Searches.all(List.of()), SERVICE, new String[]{indices.pattern(Signal.SPANS)});
    }

    @Override
    public List<String> operationNames(String serviceName) {
        return searches.distinct(term(SERVICE, serviceName), NAME, new String[]{indices.pattern(Signal.SPANS)});
    }

    /** The conditions of the query on one span document, as {@code Matching} states them for memory. */
    private static Query matchingSpan(TraceQuery q) {
        List<Query> filters = new ArrayList<>();
        if (q.serviceName() != null) {
            filters.add(term(SERVICE, q.serviceName()));
        }
        if (q.spanName() != null) {
            filters.add(term(NAME, q.spanName()));
        }
        if (q.status() != null) {
            filters.add(term(STATUS_CODE, q.status().name()));
        }
        if (q.minDurationNanos() != null || q.maxDurationNanos() != null) {
            filters.add(Searches.range(DURATION, q.minDurationNanos(), q.maxDurationNanos()));
        }
        Searches.addTime(filters, START, q.timeRange());
        q.attributes().forEach((key, value) -> filters.add(term(ATTRIBUTES + "." + key, value)));
        return Searches.all(filters);
    }

    private static TimeRange widened(TimeRange range) {
        return range.equals(TimeRange.ALL) ? range : new TimeRange(Math.max(0, range.startUnixNano() - TRACE_MARGIN_NANOS),
                range.endUnixNano() > Long.MAX_VALUE - TRACE_MARGIN_NANOS ? Long.MAX_VALUE
                        : range.endUnixNano() + TRACE_MARGIN_NANOS);
    }

    /** The fields of a stored span that a trace summary needs, read without decoding the OTLP bytes. */
    record SpanSkeleton(String traceId, String parentSpanId, String service, String name, Long startTimeUnixNano,
                        Long endTimeUnixNano, String statusCode) {

        Span toSpan() {
            return new Span(traceId, "", "", parentSpanId, 0, name, null, startTimeUnixNano, endTimeUnixNano, null, 0,
                    null, 0, null, 0, new Status(StatusCode.valueOf(statusCode), ""),
                    new Resource(Attributes.of(Resource.SERVICE_NAME, AnyValue.of(service)), 0, ""), null);
        }
    }
}
