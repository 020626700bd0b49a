package dev.weft.correlation.analysis;

import dev.weft.correlation.ledger.AsyncEdge;
import dev.weft.correlation.ledger.SpanRef;
import dev.weft.model.Span;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The spans of a journey joined by cause: parent to child inside a trace, producer to
 * consumer across an async edge. A span whose parent never arrived hangs from the span its trace
 * was entered by (the consumer of its incoming edge, else its root), so a lost span does not cut
 * the journey apart.
 */
public final class CausalGraph {

    /** How a span is reached from its cause. */
    public record Cause(Span span, AsyncEdge edge) {
        public boolean async() {
            return edge != null;
        }
    }

    private final Map<SpanRef, Span> spans = new HashMap<>();
    private final Map<SpanRef, Cause> causes = new HashMap<>();
    private final Map<SpanRef, List<Span>> effects = new HashMap<>();

    public CausalGraph(List<Span> journeySpans, List<AsyncEdge> edges) {
        journeySpans.forEach(s -> spans.put(ref(s), s));
        Map<String, Span> entryByTrace = new HashMap<>();
        for (AsyncEdge edge : edges) {
            Span producer = spans.get(edge.producer());
            Span consumer = spans.get(edge.consumer());
            if (producer != null && consumer != null && !causes.containsKey(ref(consumer))) {
                link(consumer, new Cause(producer, edge));
                entryByTrace.merge(consumer.traceId(), consumer, CausalGraph::earlier);
            }
        }
        for (Span span : journeySpans) {
            if (span.isRoot()) {
                entryByTrace.merge(span.traceId(), span, CausalGraph::earlier);
            }
        }
        for (Span span : journeySpans) {
            if (causes.containsKey(ref(span)) || span.isRoot()) {
                continue;
            }
            Span parent = spans.get(new SpanRef(span.traceId(), span.parentSpanId()));
            if (parent == null) {
                // The parent never arrived: hang the span from where its trace was entered.
                Span entry = entryByTrace.get(span.traceId());
                parent = entry == null || entry == span || isAncestor(span, entry) ? null : entry;
            }
            if (parent != null) {
                link(span, new Cause(parent, null));
            }
        }
        effects.values().forEach(list -> list.sort(Comparator.comparingLong(Span::startTimeUnixNano)));
    }

    private static Span earlier(Span a, Span b) {
        return a.startTimeUnixNano() <= b.startTimeUnixNano() ? a : b;
    }

    private void link(Span effect, Cause cause) {
        causes.put(ref(effect), cause);
        effects.computeIfAbsent(ref(cause.span()), k -> new ArrayList<>()).add(effect);
    }

    private boolean isAncestor(Span candidate, Span of) {
        for (Cause c = causes.get(ref(of)); c != null; c = causes.get(ref(c.span()))) {
            if (ref(c.span()).equals(ref(candidate))) {
                return true;
            }
        }
        return false;
    }

    public static SpanRef ref(Span span) {
        return new SpanRef(span.traceId(), span.spanId());
    }

    /** The span's cause, or null for a span nothing caused (the journey's origin roots). */
    public Cause causeOf(Span span) {
        return causes.get(ref(span));
    }

    /** Spans this span caused, synchronously or across an edge, by start time. */
    public List<Span> effectsOf(Span span) {
        return effects.getOrDefault(ref(span), List.of());
    }

    public List<Span> spans() {
        return List.copyOf(spans.values());
    }

    /** The causal chain from an uncaused span down to this one, inclusive; a cycle in bad data ends it. */
    public List<Span> pathTo(Span span) {
        List<Span> path = new ArrayList<>();
        java.util.Set<SpanRef> seen = new java.util.HashSet<>();
        for (Span s = span; s != null && seen.add(ref(s)); ) {
            path.addFirst(s);
            Cause cause = causes.get(ref(s));
            s = cause == null ? null : cause.span();
        }
        return path;
    }
}
