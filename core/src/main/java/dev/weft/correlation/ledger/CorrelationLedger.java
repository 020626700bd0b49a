package dev.weft.correlation.ledger;

import java.util.Collection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stores correlation keys and the async edges found between them. Every implementation
 * passes {@code CorrelationLedgerContractTest}.
 *
 * <p>Edges are never retracted: a key that turns hot, or a later producer that would have won
 * a latest-producer choice, stops further edges but leaves those already made, because the
 * journeys built from them may already have been served.
 */
public interface CorrelationLedger {

    /**
     * Stores keys for the next {@link #match}. Idempotent: a key already stored (same rule,
     * side, key and span) is ignored, so a retried or duplicated batch changes nothing.
     */
    void record(List<CorrelationKey> keys);

    /**
     * Joins the keys recorded since the previous match against every stored key of the
     * opposite side with the same rule and key value, so the result does not depend on which
     * side arrived first or how keys were spread over calls. Returns only edges that did not
     * exist before; calling it again with nothing new recorded returns none. Safe to call
     * from several threads or processes at once: each edge is returned by exactly one call.
     */
    MatchResult match(MatchSettings settings);

    /** Edges whose producer or consumer lies in one of these traces, so a journey can be walked both ways. */
    List<AsyncEdge> edgesOf(Collection<String> traceIds);

    /**
     * Up to {@code limit} traces joined to this one by edges in either direction, itself
     * included: what a journey walk may visit, so that it can fetch all their edges at once
     * instead of one hop at a time. A result of {@code limit} traces may be incomplete.
     */
    default Set<String> connectedTraces(String traceId, int limit) {
        Set<String> seen = new LinkedHashSet<>(List.of(traceId));
        List<String> frontier = List.of(traceId);
        while (!frontier.isEmpty() && seen.size() < limit) {
            List<String> next = new ArrayList<>();
            for (AsyncEdge edge : edgesOf(frontier)) {
                for (String trace : List.of(edge.producer().traceId(), edge.consumer().traceId())) {
                    if (seen.size() < limit && seen.add(trace)) {
                        next.add(trace);
                    }
                }
            }
            frontier = next;
        }
        return seen;
    }

    /**
     * Forgets keys of spans that started before this time and edges whose consumer did.
     * Storage that keeps time in day partitions may keep the rest of the day holding the cutoff
     * until the next call after it.
     */
    void deleteBefore(long unixNano);
}
