package dev.weft.storage.memory;

import dev.weft.model.LogRecord;
import dev.weft.model.MetricPoint;
import dev.weft.model.Span;
import dev.weft.storage.LogConsumer;
import dev.weft.storage.LogStore;
import dev.weft.storage.MetricConsumer;
import dev.weft.storage.MetricStore;
import dev.weft.storage.SpanConsumer;
import dev.weft.storage.SpanStore;
import dev.weft.storage.StorageComponent;
import dev.weft.traceql.TraceQlSearcher;

/**
 * The zero-install storage and the reference semantics every other implementation is tested
 * against. Bounded like Zipkin's and Jaeger's in-memory stores: past the configured sizes the
 * oldest traces (and oldest log records and metric points) are evicted first.
 */
public final class InMemoryStorage implements StorageComponent {

    private final InMemorySpanStore spans;
    private final BoundedLog<LogRecord> logs;
    private final BoundedLog<MetricPoint> metrics;
    private final InMemoryTraceQlSearcher traceQl;

    public InMemoryStorage(int maxSpans, int maxLogRecords, int maxMetricPoints) {
        this.spans = new InMemorySpanStore(maxSpans);
        this.logs = new BoundedLog<>(maxLogRecords);
        this.metrics = new BoundedLog<>(maxMetricPoints);
        this.traceQl = new InMemoryTraceQlSearcher(spans);
    }

    @Override
    public SpanConsumer spanConsumer() {
        return spans;
    }

    @Override
    public SpanStore spanStore() {
        return spans;
    }

    @Override
    public LogConsumer logConsumer() {
        return logs::append;
    }

    @Override
    public LogStore logStore() {
        return query -> logs.newestFirst(LogRecord::effectiveTimeUnixNano, query.limit(), log -> Matching.matches(query, log));
    }

    @Override
    public MetricConsumer metricConsumer() {
        return metrics::append;
    }

    @Override
    public MetricStore metricStore() {
        return query -> metrics.newestFirst(p -> p.point().timeUnixNano(), query.limit(), p -> Matching.matches(query, p));
    }

    @Override
    public TraceQlSearcher traceQlSearcher() {
        return traceQl;
    }

    /** Spans currently held, for tests of the bound. */
    public int spanCount() {
        return spans.spanCount();
    }
}
