package dev.weft.correlation.analysis;

import dev.weft.correlation.ledger.AsyncEdge;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.SpanRef;
import dev.weft.model.Span;
import dev.weft.model.SpanKind;
import dev.weft.storage.SpanStore;
import dev.weft.storage.TimeRange;
import dev.weft.storage.TraceQuery;
import dev.weft.storage.TraceSummary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the service graph of a time range from the traces in it (at most {@code maxTraces},
 * newest first, which bounds the cost of a wide range) and the async edges of those traces.
 */
public final class ServiceGraphBuilder {

    private static final List<String> DESTINATION_KEYS = List.of("messaging.destination.name", "aws.s3.bucket",
            "aws.sns.topic.arn", "aws.sqs.queue.url", "faas.invoked_name");

    private final SpanStore spans;
    private final CorrelationLedger ledger;
    private final int maxTraces;

    public ServiceGraphBuilder(SpanStore spans, CorrelationLedger ledger, int maxTraces) {
        this.spans = spans;
        this.ledger = ledger;
        this.maxTraces = maxTraces;
    }

    private record Key(String parent, String child, String kind, String destination) {
    }

    private static final class Stats {
        long calls;
        long errors;
        final List<Long> latencies = new ArrayList<>();
        final List<Long> lags = new ArrayList<>();
    }

    public ServiceGraph build(TimeRange range) {
        Map<String, Span> byRef = new HashMap<>();
        Map<String, List<Span>> traces = new LinkedHashMap<>();
        for (TraceSummary summary : spans.searchTraces(TraceQuery.all(maxTraces).withTimeRange(range))) {
            List<Span> trace = spans.getTrace(summary.traceId());
            traces.put(summary.traceId(), trace);
            trace.forEach(s -> byRef.put(s.traceId() + s.spanId(), s));
        }
        Map<Key, Stats> stats = new TreeMap<>(java.util.Comparator.comparing(Key::parent).thenComparing(Key::child)
                .thenComparing(Key::kind).thenComparing(k -> k.destination() == null ? "" : k.destination()));
        for (List<Span> trace : traces.values()) {
            for (Span child : trace) {
                Span parent = byRef.get(child.traceId() + child.parentSpanId());
                boolean entry = child.kind() == SpanKind.SERVER || child.kind() == SpanKind.CONSUMER;
                if (parent != null && entry && !parent.serviceName().equals(child.serviceName())) {
                    record(stats, new Key(parent.serviceName(), child.serviceName(), "sync", null), child, null);
                }
            }
        }
        // Two rules may join the same pair of spans (a link and a message id): one call, not two.
        Map<String, AsyncEdge> pairs = new LinkedHashMap<>();
        for (AsyncEdge edge : ledger.edgesOf(traces.keySet())) {
            pairs.putIfAbsent(edge.producer() + "->" + edge.consumer(), edge);
        }
        for (AsyncEdge edge : pairs.values()) {
            Span producer = find(byRef, edge.producer());
            Span consumer = find(byRef, edge.consumer());
            if (producer != null && consumer != null && range.contains(consumer.startTimeUnixNano())) {
                record(stats, new Key(producer.serviceName(), consumer.serviceName(), "async", destination(producer)),
                        consumer, Math.max(0, edge.lagNanos()));
            }
        }
        Map<String, ServiceGraph.Node> nodes = new TreeMap<>();
        List<ServiceGraph.Edge> edges = new ArrayList<>();
        stats.forEach((key, s) -> {
            nodes.putIfAbsent(key.parent(), new ServiceGraph.Node(key.parent(), "service"));
            nodes.putIfAbsent(key.child(), new ServiceGraph.Node(key.child(), "service"));
            if (key.destination() != null) {
                nodes.putIfAbsent(key.destination(), new ServiceGraph.Node(key.destination(), "destination"));
            }
            edges.add(new ServiceGraph.Edge(key.parent(), key.child(), key.kind(), key.destination(), s.calls, s.errors,
                    percentiles(s.latencies), key.kind().equals("async") ? percentiles(s.lags) : null));
        });
        return new ServiceGraph(List.copyOf(nodes.values()), edges);
    }

    /** A span of the edge's end; traces outside the range are fetched when an edge leads into them. */
    private Span find(Map<String, Span> byRef, SpanRef ref) {
        Span span = byRef.get(ref.traceId() + ref.spanId());
        if (span == null) {
            spans.getTrace(ref.traceId()).forEach(s -> byRef.put(s.traceId() + s.spanId(), s));
            span = byRef.get(ref.traceId() + ref.spanId());
        }
        return span;
    }

    private static void record(Map<Key, Stats> stats, Key key, Span callee, Long lag) {
        Stats s = stats.computeIfAbsent(key, k -> new Stats());
        s.calls++;
        if (Failures.isFailure(callee)) {
            s.errors++;
        }
        s.latencies.add(callee.durationNanos());
        if (lag != null) {
            s.lags.add(lag);
        }
    }

    private static String destination(Span producer) {
        for (String key : DESTINATION_KEYS) {
            String value = producer.attributes().getText(key);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** Nearest-rank percentiles. */
    static ServiceGraph.Percentiles percentiles(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new ServiceGraph.Percentiles(rank(sorted, 50), rank(sorted, 95), rank(sorted, 99));
    }

    private static long rank(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }
}
