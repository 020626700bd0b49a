package dev.weft.query.tempo;

import dev.weft.correlation.journey.JourneyAssembler;
import dev.weft.correlation.journey.JourneyFinder;
import dev.weft.model.Span;
import dev.weft.traceql.TraceQlEvaluator;
import dev.weft.traceql.TraceQlMatch;
import dev.weft.traceql.TraceQlSearch;
import dev.weft.traceql.TraceQlSearcher;

import java.util.List;
import java.util.Optional;

/**
 * Journeys as traces: any member trace id leads to its whole journey as one trace
 * ({@link JourneyTrace}), and a search finds journeys. A search evaluates the TraceQL filter on each
 * journey as one trace, so that {@code traceDuration}, {@code rootName} and
 * {@code rootServiceName} describe the journey end to end. Its candidates are the journeys of the
 * newest traces that satisfy the filter's span-level conditions (a journey matching the filter has
 * such a trace), {@value #SCAN_FACTOR} traces per journey asked for at most, which bounds the cost
 * of a search that matches little. As in the native journey list, lone traces are no journeys.
 */
final class JourneyTraces implements TempoBackend {

    static final int SCAN_FACTOR = 10;

    private final JourneyAssembler assembler;
    private final JourneyFinder finder;
    private final TraceQlSearcher traces;

    JourneyTraces(JourneyAssembler assembler, JourneyFinder finder, TraceQlSearcher traces) {
        this.assembler = assembler;
        this.finder = finder;
        this.traces = traces;
    }

    @Override
    public List<Span> trace(String traceId) {
        return assembler.forTrace(traceId).map(JourneyTrace::of).orElse(List.of());
    }

    @Override
    public List<TraceQlMatch> search(TraceQlSearch search) {
        List<String> candidates = traces.search(new TraceQlSearch(search.filter().spanLevel(), search.timeRange(),
                        Math.multiplyExact(search.limit(), SCAN_FACTOR), 1))
                .stream().map(match -> match.trace().traceId()).toList();
        return finder.journeysOf(candidates)
                .map(journey -> TraceQlEvaluator.match(search.filter(), JourneyTrace.of(journey), search.timeRange(),
                        search.spansPerSpanSet()))
                .flatMap(Optional::stream)
                .limit(search.limit())
                .sorted(TraceQlMatch.NEWEST_FIRST)
                .toList();
    }
}
