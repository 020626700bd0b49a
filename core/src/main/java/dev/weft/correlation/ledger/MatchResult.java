package dev.weft.correlation.ledger;

import java.util.List;

/**
 * What one matching pass found: the edges that did not exist before it, and how many hot
 * (rule, key) pairs among the newly recorded keys it refused to join (for the metrics).
 */
public record MatchResult(List<AsyncEdge> newEdges, long hotKeysSkipped) {

    public MatchResult {
        newEdges = List.copyOf(newEdges);
    }
}
