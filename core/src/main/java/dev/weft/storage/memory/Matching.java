package dev.weft.storage.memory;

import dev.weft.model.LogRecord;
import dev.weft.model.MetricPoint;
import dev.weft.model.Span;
import dev.weft.storage.LogQuery;
import dev.weft.storage.MetricQuery;
import dev.weft.storage.TraceQuery;

import java.util.Locale;
import java.util.Map;

/** The query predicates of the reference semantics, one per query type. */
final class Matching {

    private Matching() {
    }

    static boolean matches(TraceQuery q, Span span) {
        if (q.serviceName() != null && !q.serviceName().equals(span.serviceName())) {
            return false;
        }
        if (q.spanName() != null && !q.spanName().equals(span.name())) {
            return false;
        }
        if (q.status() != null && q.status() != span.status().code()) {
            return false;
        }
        if (q.minDurationNanos() != null && span.durationNanos() < q.minDurationNanos()) {
            return false;
        }
        if (q.maxDurationNanos() != null && span.durationNanos() > q.maxDurationNanos()) {
            return false;
        }
        if (!q.timeRange().contains(span.startTimeUnixNano())) {
            return false;
        }
        for (Map.Entry<String, String> attr : q.attributes().entrySet()) {
            if (!attr.getValue().equals(span.attributeText(attr.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(LogQuery q, LogRecord log) {
        if (q.traceId() != null && !q.traceId().equals(log.traceId())) {
            return false;
        }
        if (q.spanId() != null && !q.spanId().equals(log.spanId())) {
            return false;
        }
        if (q.serviceName() != null && !q.serviceName().equals(log.serviceName())) {
            return false;
        }
        if (log.severityNumber() < q.minSeverityNumber()) {
            return false;
        }
        if (!q.timeRange().contains(log.effectiveTimeUnixNano())) {
            return false;
        }
        if (q.invocationId() != null && LogQuery.INVOCATION_ID_KEYS.stream().noneMatch(key ->
                q.invocationId().equals(log.attributes().getText(key))
                        || q.invocationId().equals(log.resource().attributes().getText(key)))) {
            return false;
        }
        return q.text() == null || log.body().asText().toLowerCase(Locale.ROOT)
                .contains(q.text().toLowerCase(Locale.ROOT));
    }

    static boolean matches(MetricQuery q, MetricPoint point) {
        return (q.metricName() == null || q.metricName().equals(point.metric().name()))
                && (q.serviceName() == null || q.serviceName().equals(point.serviceName()))
                && q.timeRange().contains(point.point().timeUnixNano());
    }
}
