package dev.weft.correlation.analysis;

import dev.weft.correlation.ledger.SpanRef;
import dev.weft.model.LogRecord;

import java.util.List;

/**
 * The failure a journey's errors come down to: the failing span that no later failure in its
 * causal subtree explains, the causal path from the origin to it across async hops, its
 * exception and its WARN-or-worse logs. When a journey failed in several independent places,
 * this is the earliest and {@code otherFailures} names the rest.
 *
 * @param exception null when the span recorded no exception event
 */
public record RootCause(String traceId, String spanId, String serviceName, String name, String message,
                        ExceptionInfo exception, List<SpanRef> path, List<LogRecord> logs, List<Failure> otherFailures) {

    public RootCause {
        path = List.copyOf(path);
        logs = List.copyOf(logs);
        otherFailures = List.copyOf(otherFailures);
    }

    public record ExceptionInfo(String type, String message, String stacktrace) {
    }

    /** Another independent failure of the same journey. */
    public record Failure(String traceId, String spanId, String serviceName, String name, String message) {
    }
}
