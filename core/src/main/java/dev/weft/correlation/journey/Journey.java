package dev.weft.correlation.journey;

import dev.weft.correlation.analysis.CriticalPathStep;
import dev.weft.correlation.analysis.RootCause;
import dev.weft.correlation.ledger.AsyncEdge;
import dev.weft.model.LogRecord;
import dev.weft.model.Span;

import java.util.List;

/**
 * An end-to-end journey: origin traces plus every trace reachable from them along async edges,
 * served as one trace. Its id is the origin whose root started first; {@code origins} lists
 * all of them when the trace it was asked for is reachable from several.
 *
 * @param truncated true when the journey reached the configured maximum of traces and stopped growing
 * @param rootCause null when nothing in the journey failed
 */
public record Journey(String journeyId, List<String> origins, List<String> traceIds, long startTimeUnixNano,
                      long durationNanos, List<String> services, boolean truncated, List<Span> spans,
                      List<AsyncEdge> edges, List<LogRecord> logs, RootCause rootCause,
                      List<CriticalPathStep> criticalPath) {

    public Journey {
        origins = List.copyOf(origins);
        traceIds = List.copyOf(traceIds);
        services = List.copyOf(services);
        spans = List.copyOf(spans);
        edges = List.copyOf(edges);
        logs = List.copyOf(logs);
        criticalPath = List.copyOf(criticalPath);
    }

    public boolean hasFailure() {
        return rootCause != null;
    }
}
