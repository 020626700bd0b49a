package dev.weft.query.tempo;

import dev.weft.model.Span;
import dev.weft.traceql.TraceQlMatch;
import dev.weft.traceql.TraceQlSearch;

import java.util.List;

/**
 * What a Tempo mount serves as traces: the stored traces at {@code /api}, journeys at
 * {@code /journeys/api}. The endpoints, parameters and response shapes are the same for both.
 */
interface TempoBackend {

    /** The spans of the trace with this id (32 lower-case hex digits), all in that trace; empty when unknown. */
    List<Span> trace(String traceId);

    /** Traces that match, {@link TraceQlMatch#NEWEST_FIRST}, as {@link dev.weft.traceql.TraceQlSearcher#search} defines. */
    List<TraceQlMatch> search(TraceQlSearch search);
}
