package dev.weft.correlation.ledger;

import java.util.Objects;

/**
 * A key one rule extracted from one span: keys with the same rule and key value on opposite
 * sides make an async edge. The span's times travel with the key so that matching needs no
 * span lookup: the window compares start times, the queue lag needs the producer's end.
 */
public record CorrelationKey(String rule, Side side, String key, SpanRef span, String serviceName,
                             long startUnixNano, long endUnixNano) {

    public CorrelationKey {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(span, "span");
        serviceName = serviceName == null ? "" : serviceName;
        if (rule.isEmpty()) {
            throw new IllegalArgumentException("rule must not be empty");
        }
    }
}
