package dev.weft.correlation.journey;

import dev.weft.model.Span;
import dev.weft.model.StatusCode;
import dev.weft.storage.SpanStore;
import dev.weft.storage.TraceQuery;
import dev.weft.storage.TraceSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists journeys: chains of at least two traces. It searches traces with the conditions that
 * can be asked of one trace (service, error, time), assembles the journeys they belong to, one
 * per origin, and applies the rest on the assembled journey. At most {@code scanFactor} times
 * the limit of traces is examined, which bounds the cost of a search that matches little.
 */
public final class JourneyFinder {

    private final SpanStore spans;
    private final JourneyAssembler assembler;
    private final int scanFactor;

    public JourneyFinder(SpanStore spans, JourneyAssembler assembler, int scanFactor) {
        this.spans = spans;
        this.assembler = assembler;
        this.scanFactor = scanFactor;
    }

    /** Matching journeys, newest first. */
    public List<Journey> find(JourneyQuery query) {
        TraceQuery traces = TraceQuery.all(Math.multiplyExact(query.limit(), scanFactor))
                .withService(query.serviceName()).withTimeRange(query.timeRange())
                .withStatus(Boolean.TRUE.equals(query.error()) || query.rootCauseService() != null ? StatusCode.ERROR : null);
        Set<String> seen = new HashSet<>();
        List<Journey> found = new ArrayList<>();
        for (TraceSummary trace : spans.searchTraces(traces)) {
            if (found.size() >= query.limit()) {
                break;
            }
            Journey union = assembler.forTrace(trace.traceId()).orElse(null);
            if (union == null || union.traceIds().size() < 2) {
                continue;
            }
            for (String origin : union.origins()) {
                if (seen.add(origin)) {
                    Journey journey = union.origins().size() == 1 ? union : assembler.forTrace(origin).orElseThrow();
                    if (matches(journey, query)) {
                        found.add(journey);
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(Journey::startTimeUnixNano).reversed());
        return found.size() > query.limit() ? List.copyOf(found.subList(0, query.limit())) : found;
    }

    private static boolean matches(Journey journey, JourneyQuery query) {
        return (query.error() == null || query.error() == journey.hasFailure())
                && (query.rootCauseService() == null
                || journey.hasFailure() && query.rootCauseService().equals(journey.rootCause().serviceName()))
                && (query.minDurationNanos() == null || journey.durationNanos() >= query.minDurationNanos())
                && (query.serviceName() == null || journey.services().contains(query.serviceName()));
    }

    /** The span that stands for a journey in a list: the origin's root, else its earliest span. */
    public static Span originRoot(Journey journey) {
        return journey.spans().stream().filter(s -> s.traceId().equals(journey.journeyId()))
                .min(Comparator.comparing((Span s) -> !s.isRoot()).thenComparingLong(Span::startTimeUnixNano))
                .orElse(null);
    }
}
