package dev.weft.correlation.analysis;

import dev.weft.correlation.ledger.AsyncEdge;
import dev.weft.correlation.ledger.SpanRef;
import dev.weft.model.LogRecord;
import dev.weft.model.Span;
import dev.weft.model.SpanEvent;
import dev.weft.storage.LogQuery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Root cause and critical path of a journey, computed over its causal graph; pure. */
public final class JourneyAnalysis {

    /** OTLP severity number of WARN: root-cause logs are at this level or above. */
    private static final int WARN = 13;
    private static final String INVOCATION_ID = "faas.invocation_id";

    private final CausalGraph graph;

    public JourneyAnalysis(List<Span> spans, List<AsyncEdge> edges) {
        this.graph = new CausalGraph(spans, edges);
    }

    /** The root cause, or null when nothing in the journey failed. */
    public RootCause rootCause(List<LogRecord> logs) {
        List<Span> causes = new ArrayList<>();
        for (Span span : graph.spans()) {
            if (Failures.isFailure(span) && !failureBelow(span)) {
                causes.add(span);
            }
        }
        if (causes.isEmpty()) {
            return null;
        }
        causes.sort(Comparator.comparingLong(Span::startTimeUnixNano).thenComparing(Span::traceId)
                .thenComparing(Span::spanId));
        Span root = causes.getFirst();
        List<Span> path = graph.pathTo(root);
        List<RootCause.Failure> others = causes.subList(1, causes.size()).stream()
                .map(s -> new RootCause.Failure(s.traceId(), s.spanId(), s.serviceName(), s.name(), s.status().message()))
                .toList();
        return new RootCause(root.traceId(), root.spanId(), root.serviceName(), root.name(), root.status().message(),
                exception(root), path.stream().map(CausalGraph::ref).toList(), logsOf(root, path, logs), others);
    }

    /** Whether a failure lies in the span's causal subtree, which would explain the span's own. */
    private boolean failureBelow(Span span) {
        List<Span> stack = new ArrayList<>(graph.effectsOf(span));
        java.util.Set<SpanRef> seen = new java.util.HashSet<>();
        while (!stack.isEmpty()) {
            Span next = stack.removeLast();
            if (!seen.add(CausalGraph.ref(next))) {
                continue;
            }
            if (Failures.isFailure(next)) {
                return true;
            }
            stack.addAll(graph.effectsOf(next));
        }
        return false;
    }

    private static RootCause.ExceptionInfo exception(Span span) {
        for (SpanEvent event : span.events().reversed()) {
            if (event.name().equals("exception")) {
                return new RootCause.ExceptionInfo(event.attributes().getText("exception.type"),
                        event.attributes().getText("exception.message"), event.attributes().getText("exception.stacktrace"));
            }
        }
        return null;
    }

    /**
     * WARN-or-worse records of the span itself, and of its function invocation: records without
     * trace context that name the {@code faas.invocation_id} of the nearest span above it in its
     * own trace.
     */
    private static List<LogRecord> logsOf(Span span, List<Span> path, List<LogRecord> logs) {
        String invocation = null;
        for (Span s : path.reversed()) {
            if (!s.traceId().equals(span.traceId())) {
                break;
            }
            invocation = s.attributes().getText(INVOCATION_ID);
            if (invocation != null) {
                break;
            }
        }
        List<LogRecord> out = new ArrayList<>();
        for (LogRecord log : logs) {
            if (log.severityNumber() < WARN) {
                continue;
            }
            boolean ofSpan = log.traceId().equals(span.traceId()) && log.spanId().equals(span.spanId());
            if (ofSpan || invocation != null && log.traceId().isEmpty() && names(log, invocation)) {
                out.add(log);
            }
        }
        return out;
    }

    private static boolean names(LogRecord log, String invocation) {
        return LogQuery.INVOCATION_ID_KEYS.stream().anyMatch(key -> invocation.equals(log.attributes().getText(key))
                || invocation.equals(log.resource().attributes().getText(key)));
    }

    /**
     * The chain of spans and queue waits that ends with the journey's last-finishing span: from
     * it, each step goes back to its cause (the parent, or the producer across an async hop) up
     * to the origin. A step's self time is its time before the next step began, or all of it
     * when the next step is across a queue (or when it is the last).
     */
    public List<CriticalPathStep> criticalPath() {
        Span last = graph.spans().stream()
                .max(Comparator.comparingLong(Span::endTimeUnixNano).thenComparingLong(Span::startTimeUnixNano)
                        .thenComparing(Span::spanId))
                .orElse(null);
        if (last == null) {
            return List.of();
        }
        List<Span> path = graph.pathTo(last);
        List<CriticalPathStep> steps = new ArrayList<>(path.size());
        for (int i = 0; i < path.size(); i++) {
            Span span = path.get(i);
            Span next = i + 1 < path.size() ? path.get(i + 1) : null;
            CausalGraph.Cause cause = graph.causeOf(span);
            long lag = cause != null && cause.async() ? Math.max(0, cause.edge().lagNanos()) : 0;
            long self = next == null || graph.causeOf(next).async()
                    ? span.durationNanos()
                    : Math.clamp(next.startTimeUnixNano() - span.startTimeUnixNano(), 0, span.durationNanos());
            steps.add(new CriticalPathStep(span.traceId(), span.spanId(), self, lag));
        }
        return steps;
    }
}
