package dev.weft.storage.memory;

import dev.weft.model.Span;
import dev.weft.storage.SpanConsumer;
import dev.weft.storage.SpanStore;
import dev.weft.storage.TraceQuery;
import dev.weft.storage.TraceSummary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Spans grouped by trace in first-seen order, which is the eviction order. One lock per
 * batch rather than per span keeps the write path cheap at high ingest rates.
 */
final class InMemorySpanStore implements SpanConsumer, SpanStore {

    private final int maxSpans;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final LinkedHashMap<String, Map<String, Span>> traces = new LinkedHashMap<>();
    /** service -> span name -> number of stored spans, so names vanish with their last span. */
    private final Map<String, Map<String, Integer>> names = new HashMap<>();
    private int spanCount;

    InMemorySpanStore(int maxSpans) {
        if (maxSpans <= 0) {
            throw new IllegalArgumentException("maxSpans must be positive");
        }
        this.maxSpans = maxSpans;
    }

    @Override
    public void accept(List<Span> spans) {
        lock.writeLock().lock();
        try {
            for (Span span : spans) {
                Span previous = traces.computeIfAbsent(span.traceId(), id -> new LinkedHashMap<>())
                        .put(span.spanId(), span);
                if (previous == null) {
                    spanCount++;
                } else {
                    countName(previous, -1);
                }
                countName(span, 1);
            }
            evict();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void evict() {
        Iterator<Map<String, Span>> oldest = traces.values().iterator();
        while (spanCount > maxSpans && oldest.hasNext()) {
            Map<String, Span> trace = oldest.next();
            // Never evict the newest trace's spans just written; a single oversized trace stays.
            if (traces.size() == 1) {
                break;
            }
            trace.values().forEach(s -> countName(s, -1));
            spanCount -= trace.size();
            oldest.remove();
        }
    }

    private void countName(Span span, int delta) {
        Map<String, Integer> ops = names.computeIfAbsent(span.serviceName(), s -> new HashMap<>());
        int count = ops.merge(span.name(), delta, Integer::sum);
        if (count <= 0) {
            ops.remove(span.name());
            if (ops.isEmpty()) {
                names.remove(span.serviceName());
            }
        }
    }

    @Override
    public List<Span> getTrace(String traceId) {
        List<Span> spans;
        lock.readLock().lock();
        try {
            Map<String, Span> trace = traces.get(traceId);
            spans = trace == null ? new ArrayList<>() : new ArrayList<>(trace.values());
        } finally {
            lock.readLock().unlock();
        }
        return sortByStart(spans);
    }

    @Override
    public List<TraceSummary> searchTraces(TraceQuery query) {
        List<TraceSummary> found = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (Map<String, Span> trace : traces.values()) {
                for (Span span : trace.values()) {
                    if (Matching.matches(query, span)) {
                        found.add(TraceSummary.of(trace.values()));
                        break;
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        found.sort(Comparator.comparingLong(TraceSummary::startTimeUnixNano).reversed()
                .thenComparing(TraceSummary::traceId));
        return found.size() > query.limit() ? List.copyOf(found.subList(0, query.limit())) : found;
    }

    @Override
    public List<String> serviceNames() {
        lock.readLock().lock();
        try {
            return List.copyOf(new TreeSet<>(names.keySet()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> operationNames(String serviceName) {
        lock.readLock().lock();
        try {
            return List.copyOf(new TreeMap<>(names.getOrDefault(serviceName, Map.of())).keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs the reader over the spans of every trace, under the read lock; the reader must not keep the collections. */
    void readTraces(Consumer<Collection<Span>> reader) {
        lock.readLock().lock();
        try {
            traces.values().forEach(trace -> reader.accept(trace.values()));
        } finally {
            lock.readLock().unlock();
        }
    }

    int spanCount() {
        lock.readLock().lock();
        try {
            return spanCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static List<Span> sortByStart(List<Span> spans) {
        spans.sort(Comparator.comparingLong(Span::startTimeUnixNano).thenComparing(Span::spanId));
        return spans;
    }
}
