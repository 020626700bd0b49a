package dev.weft.storage;

/**
 * A log search; null means "any". {@code minSeverityNumber} keeps records at or above that
 * severity (OTLP numbers 1-24, 0 for any); {@code text} matches the body, case-insensitively,
 * as a substring. {@code invocationId} matches records whose attributes or resource carry it as
 * {@code faas.invocation_id} or {@code aws.request_id}: how a serverless platform's logs, which
 * have no trace context, name the invocation they belong to.
 */
public record LogQuery(String traceId, String spanId, String serviceName, int minSeverityNumber, String text,
                       TimeRange timeRange, int limit, String invocationId) {

    /** The attributes that name a function invocation on a log record, in either generation. */
    public static final java.util.List<String> INVOCATION_ID_KEYS = java.util.List.of("faas.invocation_id", "aws.request_id");

    public LogQuery {
        timeRange = timeRange == null ? TimeRange.ALL : timeRange;
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    public static LogQuery all(int limit) {
        return new LogQuery(null, null, null, 0, null, TimeRange.ALL, limit, null);
    }

    public LogQuery withTrace(String trace, String span) {
        return new LogQuery(trace, span, serviceName, minSeverityNumber, text, timeRange, limit, invocationId);
    }

    public LogQuery withService(String service) {
        return new LogQuery(traceId, spanId, service, minSeverityNumber, text, timeRange, limit, invocationId);
    }

    public LogQuery withMinSeverity(int severity) {
        return new LogQuery(traceId, spanId, serviceName, severity, text, timeRange, limit, invocationId);
    }

    public LogQuery withText(String q) {
        return new LogQuery(traceId, spanId, serviceName, minSeverityNumber, q, timeRange, limit, invocationId);
    }

    public LogQuery withTimeRange(TimeRange range) {
        return new LogQuery(traceId, spanId, serviceName, minSeverityNumber, text, range, limit, invocationId);
    }

    public LogQuery withInvocationId(String id) {
        return new LogQuery(traceId, spanId, serviceName, minSeverityNumber, text, timeRange, limit, id);
    }
}
