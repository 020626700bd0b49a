package dev.weft.correlation.ledger;

import java.util.Objects;

/**
 * A causal edge from a producer span to a consumer span, usually in another trace. The queue
 * lag is the consumer's start minus the producer's end; it is negative when the clocks of the
 * two hosts disagree by more than the real lag, and kept as measured rather than clamped.
 */
public record AsyncEdge(SpanRef producer, SpanRef consumer, String rule, String key, long lagNanos) {

    public AsyncEdge {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
    }
}
