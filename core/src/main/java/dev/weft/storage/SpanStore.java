package dev.weft.storage;

import dev.weft.model.Span;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads spans back: by trace, by search, and the names a UI offers in its pickers. */
public interface SpanStore {

    /** The spans of one trace (lower-case 32-digit hex id), ordered by start time; empty when unknown. */
    List<Span> getTrace(String traceId);

    /**
     * The spans of several traces, by trace id, each ordered as {@link #getTrace}; unknown ids
     * are absent. Storage that can fetch many traces in one request overrides this, since a
     * journey reads dozens of traces at once.
     */
    default Map<String, List<Span>> getTraces(Collection<String> traceIds) {
        Map<String, List<Span>> traces = new LinkedHashMap<>();
        for (String traceId : traceIds) {
            List<Span> trace = getTrace(traceId);
            if (!trace.isEmpty()) {
                traces.put(traceId, trace);
            }
        }
        return traces;
    }

    /** Summaries of the traces that have a span matching every condition of the query, newest first. */
    List<TraceSummary> searchTraces(TraceQuery query);

    /** Service names, sorted. */
    List<String> serviceNames();

    /** Span names of one service, sorted; empty for an unknown service. */
    List<String> operationNames(String serviceName);
}
