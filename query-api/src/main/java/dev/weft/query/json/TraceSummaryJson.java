package dev.weft.query.json;

import dev.weft.storage.TraceSummary;

/** One row of a trace search result. */
public record TraceSummaryJson(String traceId, String rootServiceName, String rootName, String startTimeUnixNano,
                               String durationNanos, int spanCount, int errorCount) {

    public static TraceSummaryJson of(TraceSummary summary) {
        return new TraceSummaryJson(summary.traceId(), summary.rootServiceName(), summary.rootName(),
                JsonValues.nanos(summary.startTimeUnixNano()), JsonValues.nanos(summary.durationNanos()),
                summary.spanCount(), summary.errorCount());
    }
}
