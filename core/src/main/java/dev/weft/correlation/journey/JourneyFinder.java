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
import java.util.stream.Stream;

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
        List<Journey> found = new ArrayList<>(journeysOf(spans.searchTraces(traces).stream().map(TraceSummary::traceId).toList())
                .filter(journey -> matches(journey, query)).limit(query.limit()).toList());
        found.sort(Comparator.comparingLong(Journey::startTimeUnixNano).reversed());
        return found;
    }

    /**
     * The journeys these traces belong to, one per origin and each once, in the order of the traces;
     * lone traces are no journeys. Assembled lazily, so that a caller who stops early (a limit) pays
     * for no more.
     */
    public Stream<Journey> journeysOf(List<String> traceIds) {
        Set<String> seen = new HashSet<>();
        return traceIds.stream()
                .map(traceId -> assembler.forTrace(traceId).orElse(null))
                .filter(union -> union != null && union.traceIds().size() >= 2)
                .flatMap(union -> union.origins().stream().filter(seen::add)
                        .map(origin -> union.origins().size() == 1 ? union : assembler.forTrace(origin).orElseThrow()));
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
