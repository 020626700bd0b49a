package dev.weft.correlation.rules;

import dev.weft.correlation.ledger.CorrelationKey;
import dev.weft.model.Span;

import java.util.ArrayList;
import java.util.List;

/** Runs every active rule over a batch of spans at ingest; pure, no I/O. */
public final class KeyExtractor {

    private final List<CorrelationRule> rules;

    public KeyExtractor(List<CorrelationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<CorrelationKey> extract(List<Span> spans) {
        List<CorrelationKey> keys = new ArrayList<>();
        for (Span span : spans) {
            for (CorrelationRule rule : rules) {
                rule.extract(span, keys::add);
            }
        }
        return keys;
    }
}
