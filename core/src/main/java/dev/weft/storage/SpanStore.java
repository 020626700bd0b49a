package dev.weft.storage;

import dev.weft.model.Span;

import java.util.List;

/** Reads spans back: by trace, by search, and the names a UI offers in its pickers. */
public interface SpanStore {

    /** The spans of one trace (lower-case 32-digit hex id), ordered by start time; empty when unknown. */
    List<Span> getTrace(String traceId);

    /** Summaries of the traces that have a span matching every condition of the query, newest first. */
    List<TraceSummary> searchTraces(TraceQuery query);

    /** Service names, sorted. */
    List<String> serviceNames();

    /** Span names of one service, sorted; empty for an unknown service. */
    List<String> operationNames(String serviceName);
}
