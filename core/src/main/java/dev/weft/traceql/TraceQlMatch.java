package dev.weft.traceql;

import dev.weft.model.Span;
import dev.weft.storage.TraceSummary;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One trace a TraceQL search found: its summary, its first matching spans (at most the spans
 * per spanset asked for), how many spans matched in all, and its spans and errors per service, by service name.
 */
public record TraceQlMatch(TraceSummary trace, List<Span> spans, int matched, Map<String, ServiceStats> serviceStats) {

    /** Newest trace first, then by trace id: the order of every search result. */
    public static final Comparator<TraceQlMatch> NEWEST_FIRST = Comparator
            .comparingLong((TraceQlMatch m) -> m.trace().startTimeUnixNano()).reversed()
            .thenComparing(m -> m.trace().traceId());

    public TraceQlMatch {
        spans = List.copyOf(spans);
        serviceStats = Collections.unmodifiableMap(new TreeMap<>(serviceStats));
    }

    public record ServiceStats(int spanCount, int errorCount) {

        ServiceStats plus(ServiceStats other) {
            return new ServiceStats(spanCount + other.spanCount, errorCount + other.errorCount);
        }
    }
}
