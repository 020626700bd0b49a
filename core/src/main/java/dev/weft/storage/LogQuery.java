package dev.weft.storage;

/**
 * A log search; null means "any". {@code minSeverityNumber} keeps records at or above that
 * severity (OTLP numbers 1-24, 0 for any); {@code text} matches the body, case-insensitively,
 * as a substring.
 */
public record LogQuery(String traceId, String spanId, String serviceName, int minSeverityNumber, String text,
                       TimeRange timeRange, int limit) {

    public LogQuery {
        timeRange = timeRange == null ? TimeRange.ALL : timeRange;
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    public static LogQuery all(int limit) {
        return new LogQuery(null, null, null, 0, null, TimeRange.ALL, limit);
    }

    public LogQuery withTrace(String trace, String span) {
        return new LogQuery(trace, span, serviceName, minSeverityNumber, text, timeRange, limit);
    }

    public LogQuery withService(String service) {
        return new LogQuery(traceId, spanId, service, minSeverityNumber, text, timeRange, limit);
    }

    public LogQuery withMinSeverity(int severity) {
        return new LogQuery(traceId, spanId, serviceName, severity, text, timeRange, limit);
    }

    public LogQuery withText(String q) {
        return new LogQuery(traceId, spanId, serviceName, minSeverityNumber, q, timeRange, limit);
    }

    public LogQuery withTimeRange(TimeRange range) {
        return new LogQuery(traceId, spanId, serviceName, minSeverityNumber, text, range, limit);
    }
}
