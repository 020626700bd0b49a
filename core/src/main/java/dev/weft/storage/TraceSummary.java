package dev.weft.storage;

import dev.weft.model.Span;

/**
 * One row of a trace search. The root is the span without a parent; while it has not arrived,
 * the earliest span stands in for it.
 */
public record TraceSummary(String traceId, String rootServiceName, String rootName, long startTimeUnixNano,
                           long durationNanos, int spanCount, int errorCount) {

    /** Summarises the spans of one trace, as every storage must. */
    public static TraceSummary of(Iterable<Span> spans) {
        Span root = null;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int count = 0;
        int errors = 0;
        for (Span span : spans) {
            count++;
            if (span.status().isError()) {
                errors++;
            }
            start = Math.min(start, span.startTimeUnixNano());
            end = Math.max(end, span.endTimeUnixNano());
            if (root == null || rootRank(span, root)) {
                root = span;
            }
        }
        if (root == null) {
            throw new IllegalArgumentException("a trace has at least one span");
        }
        return new TraceSummary(root.traceId(), root.serviceName(), root.name(), start, end - start, count, errors);
    }

    /** True when {@code candidate} is a better root than {@code current}: parentless first, then earliest. */
    private static boolean rootRank(Span candidate, Span current) {
        if (candidate.isRoot() != current.isRoot()) {
            return candidate.isRoot();
        }
        return candidate.startTimeUnixNano() < current.startTimeUnixNano();
    }

}
