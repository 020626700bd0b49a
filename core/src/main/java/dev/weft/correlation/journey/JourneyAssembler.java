package dev.weft.correlation.journey;

import dev.weft.correlation.analysis.JourneyAnalysis;
import dev.weft.correlation.ledger.AsyncEdge;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.model.LogRecord;
import dev.weft.model.Span;
import dev.weft.storage.LogQuery;
import dev.weft.storage.LogStore;
import dev.weft.storage.SpanStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the journey of a trace from the ledger's edges and the stored spans, on read. It walks
 * upstream to the origins (traces no edge points into), then downstream from each origin; the
 * result is the union of those origins' journeys. Walking from origins, never taking connected
 * components, is what keeps a batch consumer that took messages of several chains from gluing
 * those chains together: each origin's journey includes the consumer, none includes the other
 * chains' origins.
 */
public final class JourneyAssembler {

    private static final String INVOCATION_ID = "faas.invocation_id";

    private final CorrelationLedger ledger;
    private final SpanStore spans;
    private final LogStore logs;
    private final int maxJourneyTraces;
    private final int maxLogs;

    public JourneyAssembler(CorrelationLedger ledger, SpanStore spans, LogStore logs, int maxJourneyTraces, int maxLogs) {
        if (maxJourneyTraces < 1) {
            throw new IllegalArgumentException("maxJourneyTraces must be positive");
        }
        this.ledger = ledger;
        this.spans = spans;
        this.logs = logs;
        this.maxJourneyTraces = maxJourneyTraces;
        this.maxLogs = maxLogs;
    }

    /** The journey containing this trace; empty when Weft knows neither spans nor edges of it. */
    public Optional<Journey> forTrace(String traceId) {
        EdgeCache edges = new EdgeCache();
        int neighbourhood = maxJourneyTraces * 4;
        Set<String> connected = ledger.connectedTraces(traceId, neighbourhood);
        if (connected.size() < neighbourhood) {
            edges.of(connected);
        }
        List<Span> own = spans.getTrace(traceId);
        if (own.isEmpty() && edges.of(traceId).isEmpty()) {
            return Optional.empty();
        }
        Set<String> origins = origins(traceId, edges);
        Set<String> members = new LinkedHashSet<>();
        boolean truncated = false;
        for (String origin : origins) {
            truncated |= walkDownstream(origin, edges, members);
        }
        members.add(traceId);
        Map<String, List<Span>> found = spans.getTraces(members.stream().filter(m -> !m.equals(traceId)).toList());
        Map<String, List<Span>> spansByTrace = new LinkedHashMap<>();
        for (String member : members) {
            spansByTrace.put(member, member.equals(traceId) ? own : found.getOrDefault(member, List.of()));
        }
        return Optional.of(build(orderOrigins(origins, spansByTrace), spansByTrace, edges, truncated));
    }

    /** Upstream closure of the trace; its origins are the traces in it that no edge points into. */
    private Set<String> origins(String traceId, EdgeCache edges) {
        Set<String> ancestors = new LinkedHashSet<>(List.of(traceId));
        List<String> frontier = List.of(traceId);
        while (!frontier.isEmpty() && ancestors.size() < maxJourneyTraces * 4) { // a bound against bad data
            List<String> next = new ArrayList<>();
            for (AsyncEdge edge : edges.of(frontier)) {
                String producer = edge.producer().traceId();
                if (frontier.contains(edge.consumer().traceId()) && ancestors.add(producer)) {
                    next.add(producer);
                }
            }
            frontier = next;
        }
        Set<String> origins = new LinkedHashSet<>();
        for (String ancestor : ancestors) {
            boolean pointedInto = edges.of(ancestor).stream().anyMatch(e -> e.consumer().traceId().equals(ancestor)
                    && !e.producer().traceId().equals(ancestor));
            if (!pointedInto) {
                origins.add(ancestor);
            }
        }
        // A cycle of traces has no origin; the trace asked for then stands for one.
        return origins.isEmpty() ? Set.of(traceId) : origins;
    }

    /** Adds the origin's journey to {@code members}; true when it hit the size limit. */
    private boolean walkDownstream(String origin, EdgeCache edges, Set<String> members) {
        Set<String> journey = new LinkedHashSet<>(List.of(origin));
        List<String> frontier = List.of(origin);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (AsyncEdge edge : edges.of(frontier)) {
                String consumer = edge.consumer().traceId();
                if (frontier.contains(edge.producer().traceId()) && !journey.contains(consumer)) {
                    if (journey.size() >= maxJourneyTraces) {
                        members.addAll(journey);
                        return true;
                    }
                    journey.add(consumer);
                    next.add(consumer);
                }
            }
            frontier = next;
        }
        members.addAll(journey);
        return false;
    }

    /** Origins by the start of their earliest span; origins whose spans have not arrived come last. */
    private static List<String> orderOrigins(Set<String> origins, Map<String, List<Span>> spansByTrace) {
        return origins.stream().sorted(Comparator.comparingLong((String o) -> spansByTrace.get(o).stream()
                .mapToLong(Span::startTimeUnixNano).min().orElse(Long.MAX_VALUE)).thenComparing(o -> o)).toList();
    }

    private Journey build(List<String> origins, Map<String, List<Span>> spansByTrace, EdgeCache edges, boolean truncated) {
        List<Span> all = new ArrayList<>();
        spansByTrace.values().forEach(all::addAll);
        all.sort(Comparator.comparingLong(Span::startTimeUnixNano).thenComparing(Span::traceId).thenComparing(Span::spanId));
        long start = all.stream().mapToLong(Span::startTimeUnixNano).min().orElse(0);
        long end = all.stream().mapToLong(Span::endTimeUnixNano).max().orElse(0);
        Set<String> services = new LinkedHashSet<>();
        all.forEach(span -> services.add(span.serviceName()));

        Map<String, AsyncEdge> journeyEdges = new LinkedHashMap<>();
        for (AsyncEdge edge : edges.of(spansByTrace.keySet())) {
            if (spansByTrace.containsKey(edge.producer().traceId()) && spansByTrace.containsKey(edge.consumer().traceId())) {
                journeyEdges.putIfAbsent(edge.rule() + edge.producer() + edge.consumer(), edge);
            }
        }
        Set<LogRecord> journeyLogs = new LinkedHashSet<>(logs.findLogsOfTraces(spansByTrace.keySet(), maxLogs));
        // Platform logs of a function carry no trace context, only the invocation's id.
        for (Span span : all) {
            String invocation = span.attributes().getText(INVOCATION_ID);
            if (invocation != null) {
                journeyLogs.addAll(logs.findLogs(LogQuery.all(maxLogs).withInvocationId(invocation)));
            }
        }
        List<LogRecord> sortedLogs = new ArrayList<>(journeyLogs);
        sortedLogs.sort(Comparator.comparingLong(LogRecord::effectiveTimeUnixNano));
        List<AsyncEdge> edgeList = List.copyOf(journeyEdges.values());
        JourneyAnalysis analysis = new JourneyAnalysis(all, edgeList);
        return new Journey(origins.getFirst(), origins, List.copyOf(spansByTrace.keySet()), start, end - start,
                List.copyOf(services), truncated, all, edgeList,
                sortedLogs.size() > maxLogs ? sortedLogs.subList(0, maxLogs) : sortedLogs,
                analysis.rootCause(sortedLogs), analysis.criticalPath());
    }

    /** Each trace's edges fetched once per assembly, in batches of the traces still unknown. */
    private final class EdgeCache {
        private final Map<String, List<AsyncEdge>> byTrace = new HashMap<>();

        List<AsyncEdge> of(String traceId) {
            return of(List.of(traceId));
        }

        List<AsyncEdge> of(java.util.Collection<String> traceIds) {
            List<String> missing = traceIds.stream().filter(t -> !byTrace.containsKey(t)).distinct().toList();
            if (!missing.isEmpty()) {
                missing.forEach(t -> byTrace.put(t, new ArrayList<>()));
                for (AsyncEdge edge : ledger.edgesOf(missing)) {
                    addIfMissing(edge.producer().traceId(), edge);
                    addIfMissing(edge.consumer().traceId(), edge);
                }
            }
            Set<AsyncEdge> out = new LinkedHashSet<>();
            traceIds.forEach(t -> out.addAll(byTrace.get(t)));
            return List.copyOf(out);
        }

        private void addIfMissing(String traceId, AsyncEdge edge) {
            List<AsyncEdge> list = byTrace.get(traceId);
            if (list != null && !list.contains(edge)) {
                list.add(edge);
            }
        }
    }
}
