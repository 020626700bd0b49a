package dev.weft.correlation.journey;

import dev.weft.storage.TimeRange;

/**
 * A journey search; null means "any". A journey matches when one of its spans belongs to the
 * service, when it has (or, with {@code error=false}, lacks) an error span, when it lasts at
 * least the minimum, when its root cause lies in {@code rootCauseService}, and when one of its
 * traces started in the range.
 */
public record JourneyQuery(String serviceName, Boolean error, Long minDurationNanos, String rootCauseService,
                           TimeRange timeRange, int limit) {

    public JourneyQuery {
        timeRange = timeRange == null ? TimeRange.ALL : timeRange;
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
