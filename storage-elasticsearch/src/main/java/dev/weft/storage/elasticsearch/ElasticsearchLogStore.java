package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.weft.model.LogRecord;
import dev.weft.storage.LogConsumer;
import dev.weft.storage.LogQuery;
import dev.weft.storage.LogStore;
import dev.weft.storage.elasticsearch.DailyIndices.Signal;
import dev.weft.storage.elasticsearch.Searches.StoredItem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static dev.weft.storage.elasticsearch.Documents.ATTRIBUTES;
import static dev.weft.storage.elasticsearch.Documents.BODY;
import static dev.weft.storage.elasticsearch.Documents.BODY_TEXT;
import static dev.weft.storage.elasticsearch.Documents.OTLP;
import static dev.weft.storage.elasticsearch.Documents.SERVICE;
import static dev.weft.storage.elasticsearch.Documents.SEVERITY_NUMBER;
import static dev.weft.storage.elasticsearch.Documents.SPAN_ID;
import static dev.weft.storage.elasticsearch.Documents.TIME;
import static dev.weft.storage.elasticsearch.Documents.TRACE_ID;
import static dev.weft.storage.elasticsearch.Searches.term;

/**
 * Log records in {@code <prefix>logs-YYYY.MM.DD}, by the day of their time (the observed time when
 * they have none).
 *
 * <p>The text condition is a case-insensitive substring of the body, as in memory: a wildcard
 * query {@code *text*} on the body as a keyword. That is exact but scans the terms of each daily
 * index, which is acceptable for the log volumes of the query API's use (records of a trace, of a
 * service, around an error). Bodies too long to be a keyword are matched as a phrase instead.
 */
final class ElasticsearchLogStore implements LogConsumer, LogStore {

    private final DailyIndices indices;
    private final BulkWriter writer;
    private final Searches searches;

    ElasticsearchLogStore(DailyIndices indices, BulkWriter writer, Searches searches) {
        this.indices = indices;
        this.writer = writer;
        this.searches = searches;
    }

    @Override
    public void accept(List<LogRecord> logs) {
        writer.write(Documents.logs(indices, logs));
    }

    @Override
    public List<LogRecord> findLogs(LogQuery q) {
        List<Query> filters = new ArrayList<>();
        if (q.traceId() != null) {
            filters.add(term(TRACE_ID, q.traceId()));
        }
        if (q.spanId() != null) {
            filters.add(term(SPAN_ID, q.spanId()));
        }
        if (q.serviceName() != null) {
            filters.add(term(SERVICE, q.serviceName()));
        }
        if (q.minSeverityNumber() > 0) {
            filters.add(Searches.range(SEVERITY_NUMBER, (long) q.minSeverityNumber(), null));
        }
        if (q.invocationId() != null) {
            // Resource and record attributes share one flattened field (see Documents).
            filters.add(Query.of(x -> x.bool(b -> b.minimumShouldMatch("1").should(LogQuery.INVOCATION_ID_KEYS.stream()
                    .map(key -> term(ATTRIBUTES + "." + key, q.invocationId())).toList()))));
        }
        Searches.addTime(filters, TIME, q.timeRange());
        if (q.text() != null) {
            filters.add(bodyContains(q.text()));
        }
        return searches.page(Searches.query(Searches.all(filters), OTLP).withSort(Searches.newestFirst(TIME)), q.limit(),
                StoredItem.class, indices.names(Signal.LOGS, q.timeRange()), stored -> Documents.log(stored.otlp()));
    }

    /** One terms query for all the traces of a journey instead of one search per trace. */
    @Override
    public List<LogRecord> findLogsOfTraces(Collection<String> traceIds, int limit) {
        if (traceIds.isEmpty()) {
            return List.of();
        }
        return searches.page(Searches.query(Searches.terms(TRACE_ID, List.copyOf(traceIds)), OTLP)
                        .withSort(Searches.newestFirst(TIME)), limit, StoredItem.class,
                new String[]{indices.pattern(Signal.LOGS)}, stored -> Documents.log(stored.otlp()));
    }

    private static Query bodyContains(String text) {
        String pattern = "*" + text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?") + "*";
        return Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(s -> s.wildcard(w -> w.field(BODY).value(pattern).caseInsensitive(true)))
                .should(s -> s.matchPhrase(m -> m.field(BODY_TEXT).query(text)))));
    }
}
