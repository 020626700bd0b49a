package dev.weft.storage;

import dev.weft.model.StatusCode;

import java.util.Map;

/**
 * A trace search. A trace matches when one of its spans satisfies every condition at once
 * (Jaeger's semantics): service, span name, status, each attribute (span or resource
 * attribute, compared as text), span duration bounds, and a start time inside the range.
 * Null means "any".
 */
public record TraceQuery(String serviceName, String spanName, StatusCode status, Long minDurationNanos,
                         Long maxDurationNanos, TimeRange timeRange, int limit, Map<String, String> attributes) {

    public TraceQuery {
        timeRange = timeRange == null ? TimeRange.ALL : timeRange;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    public static TraceQuery all(int limit) {
        return new TraceQuery(null, null, null, null, null, TimeRange.ALL, limit, Map.of());
    }

    public TraceQuery withService(String service) {
        return new TraceQuery(service, spanName, status, minDurationNanos, maxDurationNanos, timeRange, limit, attributes);
    }

    public TraceQuery withSpanName(String name) {
        return new TraceQuery(serviceName, name, status, minDurationNanos, maxDurationNanos, timeRange, limit, attributes);
    }

    public TraceQuery withStatus(StatusCode code) {
        return new TraceQuery(serviceName, spanName, code, minDurationNanos, maxDurationNanos, timeRange, limit, attributes);
    }

    public TraceQuery withDuration(Long min, Long max) {
        return new TraceQuery(serviceName, spanName, status, min, max, timeRange, limit, attributes);
    }

    public TraceQuery withTimeRange(TimeRange range) {
        return new TraceQuery(serviceName, spanName, status, minDurationNanos, maxDurationNanos, range, limit, attributes);
    }

    public TraceQuery withAttributes(Map<String, String> attrs) {
        return new TraceQuery(serviceName, spanName, status, minDurationNanos, maxDurationNanos, timeRange, limit, attrs);
    }
}
