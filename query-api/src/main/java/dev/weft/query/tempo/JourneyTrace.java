package dev.weft.query.tempo;

import dev.weft.correlation.journey.Journey;
import dev.weft.correlation.ledger.AsyncEdge;
import dev.weft.correlation.ledger.SpanRef;
import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Span;
import dev.weft.model.SpanLink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A journey as one trace, so that a trace viewer draws the whole chain as one waterfall. Every
 * span moves into the journey's trace (the origin's trace id); inside each member trace parents
 * stay as they were; the top of each member trace (its root, or a span whose parent never arrived)
 * hangs from the producer span of the async edge that points into it, else from the producer of
 * the edge by which its trace was entered, else from the journey's root. The journey's root is the
 * origin's root, the one span without a parent. Each moved span keeps its original trace id as the
 * attribute {@value #ORIGINAL_TRACE_ID} and as a link to the original span.
 *
 * <p>Span ids are 8 random bytes per span, so two member traces sharing one is practically
 * impossible; should it happen, the later span gets a new id (derived from its original ids, so the
 * same journey always reads the same) and its children follow it.
 */
final class JourneyTrace {

    static final String ORIGINAL_TRACE_ID = "weft.original_trace_id";

    private final Journey journey;
    private final Map<SpanRef, Span> byRef = new HashMap<>();
    private final Map<SpanRef, String> ids = new HashMap<>();
    private final Map<SpanRef, SpanRef> parents = new LinkedHashMap<>();

    private JourneyTrace(Journey journey) {
        this.journey = journey;
    }

    /** The journey's spans in its one trace, ordered as the journey orders them. */
    static List<Span> of(Journey journey) {
        return new JourneyTrace(journey).build();
    }

    private List<Span> build() {
        List<Span> spans = journey.spans();
        if (spans.isEmpty()) {
            return List.of();
        }
        Set<String> used = new HashSet<>();
        for (Span span : spans) {
            SpanRef ref = ref(span);
            byRef.put(ref, span);
            String id = span.spanId();
            while (!used.add(id)) {
                id = derivedId(ref, id);
            }
            ids.put(ref, id);
        }
        Span root = root(spans);
        Map<SpanRef, SpanRef> producerOf = producers();
        Map<String, SpanRef> entryOf = entries();
        for (Span span : spans) {
            if (span != root) {
                parents.put(ref(span), parentOf(span, ref(root), producerOf, entryOf));
            }
        }
        attachUnreachable(spans, ref(root));
        List<Span> out = new ArrayList<>(spans.size());
        for (Span span : spans) {
            out.add(moved(span, parents.get(ref(span))));
        }
        return out;
    }

    /** The origin's parentless span, earliest first; else its earliest span; else the journey's earliest. */
    private Span root(List<Span> spans) {
        return spans.stream().filter(s -> s.traceId().equals(journey.journeyId()))
                .min(Comparator.comparing((Span s) -> !s.isRoot()).thenComparingLong(Span::startTimeUnixNano))
                .orElse(spans.getFirst());
    }

    /** For each consumer span of the journey's edges, its producer (the earliest producer when several). */
    private Map<SpanRef, SpanRef> producers() {
        Map<SpanRef, SpanRef> producers = new HashMap<>();
        for (AsyncEdge edge : edgesByProducerStart()) {
            if (!edge.consumer().equals(edge.producer())) {
                producers.putIfAbsent(edge.consumer(), edge.producer());
            }
        }
        return producers;
    }

    /** For each member trace entered through an edge from another trace: that edge's producer, for its earliest consumer. */
    private Map<String, SpanRef> entries() {
        Map<String, AsyncEdge> entries = new HashMap<>();
        for (AsyncEdge edge : edgesByProducerStart()) {
            if (!edge.consumer().traceId().equals(edge.producer().traceId())) {
                entries.merge(edge.consumer().traceId(), edge, (a, b) -> start(b.consumer()) < start(a.consumer()) ? b : a);
            }
        }
        Map<String, SpanRef> producers = new HashMap<>();
        entries.forEach((trace, edge) -> producers.put(trace, edge.producer()));
        return producers;
    }

    private List<AsyncEdge> edgesByProducerStart() {
        return journey.edges().stream().filter(e -> byRef.containsKey(e.producer()) && byRef.containsKey(e.consumer()))
                .sorted(Comparator.comparingLong((AsyncEdge e) -> start(e.producer()))).toList();
    }

    private SpanRef parentOf(Span span, SpanRef root, Map<SpanRef, SpanRef> producerOf, Map<String, SpanRef> entryOf) {
        if (!span.isRoot() && byRef.containsKey(new SpanRef(span.traceId(), span.parentSpanId()))) {
            return new SpanRef(span.traceId(), span.parentSpanId());
        }
        SpanRef producer = producerOf.get(ref(span));
        if (producer != null) {
            return producer;
        }
        return entryOf.getOrDefault(span.traceId(), root);
    }

    /**
     * Hangs from the root whatever cannot reach it: bad data (a parent cycle inside a trace, or
     * traces whose edges point into each other) must not leave spans outside the one tree.
     */
    private void attachUnreachable(List<Span> spans, SpanRef root) {
        Map<SpanRef, List<SpanRef>> children = new HashMap<>();
        parents.forEach((child, parent) -> children.computeIfAbsent(parent, p -> new ArrayList<>()).add(child));
        Set<SpanRef> reached = new HashSet<>();
        reach(root, children, reached);
        for (Span span : spans) {
            SpanRef ref = ref(span);
            if (!reached.contains(ref)) {
                SpanRef old = parents.put(ref, root);
                children.get(old).remove(ref);
                reach(ref, children, reached);
            }
        }
    }

    private static void reach(SpanRef from, Map<SpanRef, List<SpanRef>> children, Set<SpanRef> reached) {
        Deque<SpanRef> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            SpanRef next = todo.pop();
            if (reached.add(next)) {
                todo.addAll(children.getOrDefault(next, List.of()));
            }
        }
    }

    private Span moved(Span span, SpanRef parent) {
        String id = ids.get(ref(span));
        boolean movedOut = !span.traceId().equals(journey.journeyId()) || !id.equals(span.spanId());
        Map<String, AnyValue> attributes = new LinkedHashMap<>(span.attributes().asMap());
        attributes.put(ORIGINAL_TRACE_ID, AnyValue.of(span.traceId()));
        List<SpanLink> links = new ArrayList<>(span.links());
        if (movedOut) {
            links.add(new SpanLink(span.traceId(), span.spanId(), span.traceState(), Attributes.empty(), 0, span.flags()));
        }
        return new Span(journey.journeyId(), id, span.traceState(), parent == null ? "" : ids.get(parent), span.flags(),
                span.name(), span.kind(), span.startTimeUnixNano(), span.endTimeUnixNano(), Attributes.of(attributes),
                span.droppedAttributesCount(), span.events(), span.droppedEventsCount(), links, span.droppedLinksCount(),
                span.status(), span.resource(), span.scope());
    }

    private long start(SpanRef ref) {
        return byRef.get(ref).startTimeUnixNano();
    }

    private static SpanRef ref(Span span) {
        return new SpanRef(span.traceId(), span.spanId());
    }

    /** A new 8-byte id from the span's ids and the id that collided: the same journey always gets the same ids. */
    private static String derivedId(SpanRef ref, String collided) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((ref.traceId() + ref.spanId() + collided).getBytes(StandardCharsets.UTF_8));
            String id = HexFormat.of().formatHex(hash, 0, 8);
            return id.equals("0000000000000000") ? "0000000000000001" : id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
