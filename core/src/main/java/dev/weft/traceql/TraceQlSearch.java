package dev.weft.traceql;

import dev.weft.storage.TimeRange;

/**
 * A TraceQL search: traces with a span that satisfies the filter and starts inside the range,
 * newest first, at most {@code limit}, each with up to {@code spansPerSpanSet} matching spans
 * (Tempo's {@code spss}).
 */
public record TraceQlSearch(Expr filter, TimeRange timeRange, int limit, int spansPerSpanSet) {

    public TraceQlSearch {
        timeRange = timeRange == null ? TimeRange.ALL : timeRange;
        if (limit <= 0 || spansPerSpanSet <= 0) {
            throw new IllegalArgumentException("limit and spans per spanset must be positive");
        }
    }
}
